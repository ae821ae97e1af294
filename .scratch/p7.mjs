import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkCjkFriendly from 'remark-cjk-friendly';
const n = Number(process.argv[2]);
let s='---\ntitle: t\n---\n\n'; for(let i=0;i<n;i++) s+='## 标题'+i+'\n\n正文。\n\n';
const variants = {
  plain: unified().use(remarkParse),
  fm: unified().use(remarkParse).use(remarkFrontmatter, ['yaml']),
  gfm: unified().use(remarkParse).use(remarkGfm),
  dir: unified().use(remarkParse).use(remarkDirective),
  cjk: unified().use(remarkParse).use(remarkCjkFriendly),
  all: unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective).use(remarkCjkFriendly),
};
for (const [k, p] of Object.entries(variants)) { p.parse('a'); const t = performance.now(); p.parse(s); console.log(k, ((performance.now()-t)/1000).toFixed(2)); }
