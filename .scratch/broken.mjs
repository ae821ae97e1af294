import { brokenPdfs } from '../test/helpers/hostile-pdfs.ts';
