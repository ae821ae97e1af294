import { markdownParser } from '../dist/manuscript/parse.js';
const time = (name, body) => { const src = '---\ntitle: t\n---\n\n' + body + '\n'; markdownParser.parse('a'); const t = performance.now(); markdownParser.parse(src); console.log(name.padEnd(30), ((performance.now()-t)/1000).toFixed(2)); };
for (const n of [2000, 8000]) {
  time(`ruby ${n}`, ':ruby[字]{rt="zì"}'.repeat(n));
  time(`emph pairs ${n}`, '*着重*'.repeat(n));
  time(`strong pairs ${n}`, '**着重**'.repeat(n));
  time(`links ${n}`, '[a](b)'.repeat(n));
  time(`a] ${n}`, 'a]'.repeat(n));
  time(`[a ${n}`, '[a'.repeat(n));
  time(`*a ${n}`, '*a'.repeat(n));
  time(`_a ${n}`, '_a'.repeat(n));
  time(`__ blanks ${n}`, '姓名____ '.repeat(n));
  time(`code ${n}`, '`a`'.repeat(n));
  time(`! ${n}`, '![a'.repeat(n));
  time(`:a{ ${n}`, ':a{'.repeat(n));
  time(`<a ${n}`, '<a'.repeat(n));
  time(`& ${n}`, '&amp;'.repeat(n));
  time(`\\ ${n}`, '\\*'.repeat(n));
  time(`http ${n}`, 'www.a.com '.repeat(n));
  time(`~ ${n}`, '~a'.repeat(n));
  time(`[^ ${n}`, '[^a]'.repeat(n));
}
