/**
 * Hand-made broken PDFs for the hostile-input tests: each is a small valid-looking file with one
 * defect an attacker (or a bad download) brings. Written as raw PDF text with a correct xref table,
 * so the reader gets past the header and meets the defect itself.
 */

/** A PDF from numbered object bodies (1-based), with a correct xref table and trailer. */
export function rawPdf(objects: readonly string[], trailerExtra = ''): Buffer {
  let text = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(text, 'latin1'));
    text += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(text, 'latin1');
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] >>';

/** One blank A5 page: the healthy base the others break. */
export function onePagePdf(): Buffer {
  return rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE]);
}

/** Every broken PDF of the tests, by what is wrong with it. */
export function brokenPdfs(): Record<string, Buffer> {
  const healthy = onePagePdf();
  const deepArray = `<< /Type /Catalog /Pages 2 0 R /Deep ${'['.repeat(50_000)}${']'.repeat(50_000)} >>`;
  const deepDict = `<< /Type /Catalog /Pages 2 0 R /Deep ${'<< /A '.repeat(20_000)}1${' >>'.repeat(20_000)} >>`;
  // A page tree 5,000 levels deep: Pages → Pages → … → Page.
  const depth = 5_000;
  const chain = Array.from({ length: depth }, (_, i) => `<< /Type /Pages /Kids [${i + 3} 0 R] /Count 1 ${i ? `/Parent ${i + 1} 0 R` : ''} >>`);
  const deepTree = rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', ...chain, `<< /Type /Page /Parent ${depth + 1} 0 R /MediaBox [0 0 420 595] >>`]);
  return {
    empty: Buffer.alloc(0),
    'plain text': Buffer.from('这不是 PDF，只是一段文字。\n'),
    truncated: healthy.subarray(0, Math.floor(healthy.length * 0.6)),
    'header only': Buffer.from('%PDF-1.7\n'),
    encrypted: rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE, '<< /Filter /Standard /V 2 /R 3 /Length 128 /O <00> /U <00> /P -4 >>'], '/Encrypt 4 0 R /ID [<01> <01>] '),
    'cyclic page tree': rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>', PAGE]),
    'cyclic parents': rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>', '<< /Type /Page /Parent 2 0 R >>']),
    'deeply nested array': rawPdf([deepArray, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE]),
    'deeply nested dictionary': rawPdf([deepDict, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE]),
    'deep page tree': deepTree,
    'no pages': rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']),
    'root not a dictionary': rawPdf(['[1 2 3]']),
  };
}
