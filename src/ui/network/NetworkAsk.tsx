import { answerQuestion } from "../actions/network";
import { networkQuestions, selectFirstQuestion } from "../state/network";
import { useStore } from "../state/store";
import "./network.css";

/** Asks the visitor whether node code may fetch from an origin it has not been allowed before. */
export function NetworkAsk() {
  const question = useStore(networkQuestions, selectFirstQuestion);
  if (!question) return null;
  const { origin, url } = question;
  return (
    <div className="sl-network-ask" role="alertdialog" aria-labelledby="sl-network-ask-title" data-testid="network-ask">
      <div id="sl-network-ask-title" className="sl-network-ask-title">
        Node code wants to fetch from <code>{origin}</code>
      </div>
      <div className="sl-network-ask-url" title={url}>
        {url}
      </div>
      <div className="sl-network-ask-why">
        Node code runs without network access. Allow this origin for this workspace? Your answer is kept.
      </div>
      <div className="sl-network-ask-buttons">
        <button type="button" data-testid="network-deny" onClick={() => answerQuestion(origin, false)}>
          Deny
        </button>
        <button type="button" className="sl-primary" data-testid="network-allow" onClick={() => answerQuestion(origin, true)}>
          Allow
        </button>
      </div>
    </div>
  );
}
