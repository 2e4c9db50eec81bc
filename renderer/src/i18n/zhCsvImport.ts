import type { enCsvImport } from './enCsvImport';
import type { Strings } from './zhCN';

// CSV 导入报告的中文（与 enCsvImport 同键）：文件、行和单元格的问题；列名按文件中的写法保留。
export const zhCsvImport: Strings<typeof enCsvImport> = {
  file: {
    empty: '文件是空的。第一行应是列名，之后每个网关一行。',
    notText: '这个文件不是保存为 CSV 的文本（其中含有零字节）。请在电子表格软件中选择“另存为”，类型选“CSV UTF-8”。',
    tooManyRows: '文件有 {{count}} 行；一次最多只能导入 {{max}} 行。请拆分成较小的文件。',
    noNameColumn: '标题行中没有 name 列',
    unknownColumn: '无法识别的列；其中的单元格被忽略',
    repeatedColumn: '与列 {{column}} 重复；只使用第一列',
  },
  row: {
    extraCells_one: '最后一列之后还有 {{count}} 个单元格',
    extraCells_other: '最后一列之后还有 {{count}} 个单元格',
    duplicate: '{{name}} 也出现在第 {{lines}} 行',
    requiredNew: '新网关必须填写（文件中没有 {{column}} 列）',
    quoteNotClosed: '带引号的单元格没有结束：缺少结尾的引号（"）',
    quoteInside: '带引号的单元格中的引号必须写两次（""）',
    unreadable: '这一行无法按 CSV 读取',
  },
  cell: {
    yesNo: '必须是 yes 或 no',
    whole: '必须是整数',
    port: '端口必须是数字',
    dialRule: '格式必须是 前缀{最短-最长}>动作，动作为 keep、strip:N、prepend:数字 或 replace:数字',
    passwordLong: '最多 {{max}} 个字符',
    passwordAscii: '只能包含可打印的半角字符',
    item: '第 {{n}} 项（{{text}}）：{{reason}}',
    rule: '第 {{n}} 条规则（{{text}}）：{{reason}}',
  },
};
