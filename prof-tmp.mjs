import { importText } from './dist/normalize/import.js';
try { importText('标题\n\n' + '>'.repeat(3000) + ' 深\n'); console.log('ok'); } catch (e) { console.log(e.stack.split('\n').slice(0, 12).join('\n')); }
