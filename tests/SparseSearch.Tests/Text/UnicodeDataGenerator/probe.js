// For every code point: the BERT-normalized string (uncased: clean, cjk, strip, lower) and the pre-tokenizer class of the raw char.
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
fs.writeFileSync('/tmp/hftok/probe.tsv', out.join('\n') + '\n');
console.log(out.length);
