// Writes what Hugging Face tokenizers does to every code point, one line per code point that is not plain:
// hex code point, pre-tokenizer class of the raw char (w word, s whitespace, p punctuation), then the output of
// four BertNormalizer configurations (all on; clean_text only; strip_accents only; lowercase only), "=" when unchanged.
// Needs the npm package tokenizers@0.23.2 (npm install tokenizers@0.23.2). Usage: node probe.js probe.tsv
const { bertNormalizer, bertPreTokenizer } = require('tokenizers');
const fs = require('fs');
const n = bertNormalizer({cleanText:true, handleChineseChars:true, stripAccents:true, lowercase:true});
const nClean = bertNormalizer({cleanText:true, handleChineseChars:false, stripAccents:false, lowercase:false});
const nStrip = bertNormalizer({cleanText:false, handleChineseChars:false, stripAccents:true, lowercase:false});
const nLower = bertNormalizer({cleanText:false, handleChineseChars:false, stripAccents:false, lowercase:true});
const p = bertPreTokenizer();
const out = [];
for (let cp = 0; cp <= 0x10FFFF; cp++) {
  if (cp >= 0xD800 && cp <= 0xDFFF) continue;
  const c = String.fromCodePoint(cp);
  const s = 'a' + c + 'b';
  const pt = p.preTokenizeString(s);
  // 1 piece 'a?b' => word char; 2 pieces => whitespace; 3 => punct
  const cls = pt.length === 1 ? 'w' : pt.length === 2 ? 's' : pt.length === 3 ? 'p' : '?' + pt.length;
  const fields = [cp.toString(16), cls];
  for (const nn of [n, nClean, nStrip, nLower]) {
    const r = nn.normalizeString(c);
    fields.push(r === c ? '=' : Array.from(r).map(x => x.codePointAt(0).toString(16)).join(' '));
  }
  if (cls !== 'w' || fields.slice(2).some(f => f !== '=')) out.push(fields.join('\t'));
}
fs.writeFileSync(process.argv[2] || 'probe.tsv', out.join('\n') + '\n');
console.log(out.length);
