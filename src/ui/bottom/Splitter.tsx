import { PaneSplitter } from "../common/PaneSplitter";
import { panelsStore, selectShownHeight, setBottomHeight } from "../state/panels";
import { useStore } from "../state/store";

/** The bar above the bottom tabs: drag (or ↑/↓ when focused) to trade graph room for logs. */
export function Splitter({ panel }: { panel: React.RefObject<HTMLElement | null> }) {
  const height = useStore(panelsStore, selectShownHeight);
  return (
    <PaneSplitter
      pane={panel}
      axis="rows"
      size={height}
      min={96}
      max={() => window.innerHeight * 0.75}
      onSize={setBottomHeight}
      label="Resize the bottom panel"
      className="sl-splitter"
    />
  );
}
