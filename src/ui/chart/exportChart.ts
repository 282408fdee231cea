/** Saving a drawn chart: the SVG as text, or a PNG drawn from it on a canvas (no server, no eval). */

/** A standalone SVG document: namespaced, with its size set, colours already concrete. */
export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("xmlns:xlink", "http://www.w3.org/1999/xlink");
  const { width, height } = svg.getBoundingClientRect();
  if (!copy.getAttribute("width")) copy.setAttribute("width", String(Math.round(width)));
  if (!copy.getAttribute("height")) copy.setAttribute("height", String(Math.round(height)));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

function save(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  link.click();
  // The click has started the download by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file name from the node's name: what a file system accepts everywhere. */
export const chartFileName = (node: string, ext: "svg" | "png") => `${node.replace(/[^\w.-]+/g, "_") || "chart"}.${ext}`;

export function exportSvg(svg: SVGSVGElement, node: string): void {
  save(chartFileName(node, "svg"), new Blob([svgText(svg)], { type: "image/svg+xml" }));
}

/** The SVG loaded into an <img> (the page's policy allows blob: images), drawn at twice the size. */
export async function exportPng(svg: SVGSVGElement, node: string, scale = 2): Promise<void> {
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
    const context = canvas.getContext("2d");
    if (!context) throw new Error("No 2D canvas in this browser");
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
    if (!png) throw new Error("The browser could not encode the PNG");
    save(chartFileName(node, "png"), png);
  } finally {
    URL.revokeObjectURL(url);
  }
}
