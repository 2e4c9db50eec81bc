// English text of the CSV import report: problems with the file as a whole, with a row, and with one cell.
// Every sentence says what is wrong and what is allowed; column names stay as they are written in the file.
export const enCsvImport = {
  file: {
    empty: 'The file is empty. It needs a header row with the column names, then one row per gateway.',
    notText: 'The file is not text saved as CSV (it contains zero bytes). In the spreadsheet choose “Save as” and the type “CSV UTF-8”.',
    tooManyRows: 'The file has {{count}} rows; at most {{max}} can be imported at once. Split it into smaller files.',
    noNameColumn: 'the header row has no name column',
    unknownColumn: 'unknown column; its cells are ignored',
    repeatedColumn: 'repeats column {{column}}; only the first is used',
  },
  row: {
    extraCells_one: '{{count}} cell beyond the last column',
    extraCells_other: '{{count}} cells beyond the last column',
    duplicate: '{{name}} also appears on line {{lines}}',
    requiredNew: 'is required for a new gateway (the file has no {{column}} column)',
    quoteNotClosed: 'a quoted cell is not closed: a closing quote mark (") is missing',
    quoteInside: 'a quote mark inside a quoted cell must be written twice ("")',
    unreadable: 'the row could not be read as CSV',
  },
  cell: {
    yesNo: 'must be yes or no',
    whole: 'must be a whole number',
    port: 'the port must be a number',
    dialRule: 'must look like PREFIX{MIN-MAX}>keep|strip:N|prepend:DIGITS|replace:DIGITS',
    passwordLong: 'must be at most {{max}} characters',
    passwordAscii: 'must contain printable ASCII characters only',
    item: 'item {{n}} ({{text}}): {{reason}}',
    rule: 'rule {{n}} ({{text}}): {{reason}}',
  },
} as const;
