import { describe } from '../dist/comments/report.js';
console.log(describe({ annotation: { key: '1 0 R', page: 1, type: 'Caret', author: '', date: '', text: 'x', boxes: [], replyType: 'R', pageBox: {} }, covered: { text: '', before: '甲', after: '乙' }, group: [], replies: [], fix: { kind: 'insert', insert: '\\## 标题', printed: '## 标题' } }));
