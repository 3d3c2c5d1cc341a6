// A PDF file → the text of each page as pdf.js's text layer gives it (what Firefox selects and
// copies): the items' strings in order, a line end after an item that has one. JSON on stdout.
// Usage: node extract.mjs FILE.pdf   (run `npm install` in this folder first)
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  // as the viewer's text layer asks for it: no NFKC of Lao AM and friends
  const content = await (await doc.getPage(i)).getTextContent({ disableNormalization: true });
  pages.push(content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""));
}
process.stdout.write(JSON.stringify(pages));
