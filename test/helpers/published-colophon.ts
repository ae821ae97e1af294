/** A published book's colophon with every field, as an editor would fill it in. */
export const PUBLISHED = `title: 利通区政协工作年鉴
subtitle: 工作亮点回眸（2022—2024）
editor: 政协吴忠市利通区委员会办公室
colophon:
  cip: |
    图书在版编目（CIP）数据
    利通区政协工作年鉴：工作亮点回眸：2022—2024 / 政协吴忠市利通区委员会办公室编. -- 银川：宁夏人民出版社，2024.12
    ISBN 978-7-5321-1234-0

    Ⅰ. ①利…　Ⅱ. ①政…　Ⅲ. ①政协工作－吴忠－2022—2024－年鉴　Ⅳ. ①D627.434-54
    中国版本图书馆CIP数据核字(2024)第123456号
  responsibleEditor: [马晓燕, 张宁]
  coverDesign: 李明
  proofreader: 王芳
  publisher:
    name: 宁夏人民出版社
    address: 银川市北京东路139号
    postcode: "750001"
    url: www.nxpph.com
  distributor: 宁夏人民出版社
  typesetter: 利通区政协办公室
  printer:
    name: 宁夏精捷彩色印务有限公司
    address: 银川市金凤区
  copies: 1000
  isbn: 978-7-5321-1234-0
  price: 48.00 元
`;
