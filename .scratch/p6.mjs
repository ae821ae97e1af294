import { checkManuscript } from '/work/wt-harden/dist/check/check.js';
import { checkGlyphs } from '/work/wt-harden/dist/check/glyphs.js';
import { markdownParser } from '/work/wt-harden/dist/manuscript/parse.js';
import { RULES } from '/work/wt-harden/dist/check/rules.js';
import { VFile } from 'vfile';
const n = Number(process.argv[2]);
let s='---\ntitle: t\n---\n\n'; for(let i=0;i<n;i++) s+='## 标题'+i+'\n\n正文。\n\n';
markdownParser.parse('a');
let t = performance.now(); const tree = markdownParser.parse(s); console.log('parse', ((performance.now()-t)/1000).toFixed(2));
const file = new VFile({path:'a.md', value: s});
for (const rule of RULES) { t = performance.now(); rule(tree, file, { source: s, bookDir: '/tmp' }); console.log(rule.name, ((performance.now()-t)/1000).toFixed(2)); }
t = performance.now(); await checkGlyphs(file); console.log('glyphs', ((performance.now()-t)/1000).toFixed(2));
