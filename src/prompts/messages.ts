/**
 * The one catalogue of what people read about a file problem (the admin page, /reload in
 * chat, uploads, the synonyms editor). Loaders and logs speak English; each English problem
 * is matched here to plain Chinese, so the log keeps the detail and a person gets a sentence.
 * A message not listed still reaches the person, marked as untranslated.
 */
const CATEGORY_NAMES = 'checkin（报到）、archives（档案）、housing（住房）、insurance（社保医保）、payroll（工资）、general（综合）';

const FIELD_NAMES: Record<string, string> = { title: '标题 title', category: '分类 category', updated: '日期 updated', source: '网址 source', contact: '联系方式 contact' };

function field(key: string): string {
  return `“${FIELD_NAMES[key] ?? key}”`;
}

/** A YAML parser's reason (js-yaml's or yaml's) in a sentence. */
function yamlProblem(reason: string): string {
  if (/quoted scalar|quote/i.test(reason)) return '引号没有闭合';
  if (/flow (collection|sequence|map)|end with a [\]}]/i.test(reason)) return '方括号或花括号没有闭合';
  if (/duplicat|must be unique/i.test(reason)) return '同一个名称写了两次';
  if (/indent/i.test(reason)) return '缩进不对，同一层的行要对齐';
  if (/implicit key|compact mapping|mapping pair|mapping entry/i.test(reason)) return '每行应写成“名称: 内容”，冒号后面留一个空格';
  if (/tab/i.test(reason)) return '不能用 Tab 缩进，请改用空格';
  return 'YAML 格式有误';
}

const CATALOGUE: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^(?:front matter is )?not valid YAML: (.*)$/s, (m) => yamlProblem(m[1]!)],
  [/^unknown category "(.*)"; loaded as general/, (m) => `分类“${m[1]}”不认识，已按 general（综合）加载；可用的分类：${CATEGORY_NAMES}`],
  [/^(?:front matter )?"(\w+)": expected one of /, (m) => `${field(m[1]!)}应是以下之一：${CATEGORY_NAMES}`],
  [/^(?:front matter )?"(\w+)": expected an http/, (m) => `${field(m[1]!)}应是以 http:// 或 https:// 开头的网址`],
  [/^(?:front matter )?"(\w+)": expected a real date/, (m) => `${field(m[1]!)}应是 2025-07-08 这样真实存在的日期`],
  [/^(?:front matter )?"(\w+)": expected a non-empty/, (m) => `${field(m[1]!)}不能为空`],
  [/^(?:front matter )?"(\w+)": (?:Invalid input|expected string)/i, (m) => `${field(m[1]!)}应是一段文字`],
  [/^expected keys such as/, () => '应写成“title: 标题”这样一行一项'],
  [/^expected lines like/, () => '应写成“开放时间: [开门, 开馆]”这样一行一项：冒号前是文档里的说法，后面是口语说法'],
  [/^"(.+?)(?:\.\d+)?": is empty$/, (m) => `“${m[1]}”这一项是空的`],
  [/^"(.+?)(?:\.\d+)?": lists no word$/, (m) => `“${m[1]}”后面没有写口语说法`],
  [/^"(.+?)(?:\.\d+)?": is longer than (\d+) characters$/, (m) => `“${m[1]}”这一项太长，最多 ${m[2]} 个字`],
  [/^"(.+?)(?:\.\d+)?": /, (m) => `“${m[1]}”应是一个词或 [词, 词] 这样的列表`],
  [/^side file without its document: (.*) does not exist$/, (m) => `说明文件找不到它的文档 ${m[1]}`],
  [/^file is ([\d.]+) MiB; the limit is ([\d.]+) MiB$/, (m) => `文件有 ${m[1]} MiB，超过了 ${m[2]} MiB 的上限`],
  [/^file is empty$/, () => '文件是空的'],
  [/^file is binary, not text$/, () => '这不是文本文件'],
  [/^file is not UTF-8 text/, () => '文件不是 UTF-8 编码，请用“另存为 UTF-8”保存'],
  [/^(?:file|document) has no text$/, () => '文件里没有文字'],
  [/^document has no text besides its header$/, () => '除了开头的信息，没有正文'],
  [/^HTML page has no readable text$/, () => '网页里找不到正文'],
  [/^news article has no "标题:" line$/, () => '新闻稿缺少“标题:”一行'],
  [/^news article has no "正文内容:" line/, () => '新闻稿在正文前缺少“正文内容:”一行'],
  [/^news article has no text after/, () => '新闻稿“正文内容:”后面没有文字'],
  [/^no text: scanned\?/, () => 'PDF 里没有文字，可能是扫描件，请先做文字识别（OCR）'],
  [/password-protected/, () => '文件设了密码，请去掉密码后重新保存'],
  [/old \(97–2003\) Office file with a new name/, () => '这是旧版（97–2003）Office 文件却用了新扩展名，请改成 .doc，或另存为 .docx/.xlsx'],
  [/zip bomb/, () => '解压后太大，可能不是正常文档，没有读取'],
  [/^file is not an Office document/, () => '这不是 Office 文档，可能已损坏或扩展名不对'],
  [/^file is damaged|does not decompress|uses compression method/, () => '文件已损坏，请重新导出或另存'],
  [/^file is not an Excel workbook/, () => '这不是 Excel 工作簿'],
  [/^file is not a Word document/, () => '这不是 Word 文档'],
  [/^file is not a Word 97–2003 document/, () => '这不是 Word 97–2003 文档；如果是 .docx，请改扩展名'],
  [/^file is not a PDF/, () => '这不是 PDF 文件，可能已损坏或扩展名不对'],
  [/cannot be read|damaged or cannot be read/, () => '文件已损坏，无法读取，请重新导出或另存'],
  [/is not an Office or PDF format$/, () => '不支持这种文件格式'],
];

/** One problem in plain Chinese, without the file or line. */
function problemText(message: string): string {
  for (const [pattern, say] of CATALOGUE) {
    const m = message.match(pattern);
    if (m) return say(m);
  }
  return `无法读取（${message}）`;
}

/** "general/bus.md 第 3 行：分类“canteen”不认识…" */
export function warningText(w: { path: string; line?: number; message: string }): string {
  return `${w.path}${w.line ? ` 第 ${w.line} 行` : ''}：${problemText(w.message)}`;
}

/** Why a reload failed, in a sentence; the old index keeps serving. */
export function reloadErrorText(error: string): string {
  const broken = /^(\d+) document\(s\) that loaded before no longer load/.exec(error);
  if (broken) return `${broken[1]} 篇原来能加载的文档现在加载不了（原因见下）`;
  if (/^no document could be loaded/.test(error)) return '一篇文档也没有加载成功';
  if (/does not exist/.test(error)) return '找不到知识库文件夹';
  return `加载时出错（${error}）`;
}

const UPLOAD_CATALOGUE: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^path is empty/, () => '没有填写保存路径，例如 housing/rent.md'],
  [/is absolute/, () => '请填写 knowledge/ 里面的相对路径，例如 housing/rent.md'],
  [/contains "\\"/, () => '文件夹之间请用“/”分隔'],
  [/contains "\." or "\.\."|leaves knowledge\/|outside knowledge\//, () => '保存路径必须在 knowledge/ 文件夹里面'],
  [/nested deeper than (\d+)/, (m) => `文件夹最多 ${m[1]} 层`],
  [/may only hold letters/, () => '路径只能用字母、数字、汉字和“.”“-”“_”，且不能以“.”或“_”开头'],
  [/is not a (.+) file$/, (m) => `不支持这种文件类型（可上传 ${m[1]!.replace(/ or /g, '、').replace(/, /g, '、')}）`],
  [/larger than ([\d.]+) MiB/, (m) => `文件超过 ${m[1]} MiB`],
  [/exists and is not a regular file/, () => '这个路径已被文件夹或链接占用'],
  [/already exists/, () => '已有同名文件；要覆盖请勾选“如已存在则替换”'],
];

/** Why an upload was refused, in a sentence (the API's `error` keeps the English). */
export function uploadProblemText(message: string): string {
  for (const [pattern, say] of UPLOAD_CATALOGUE) {
    const m = message.match(pattern);
    if (m) return say(m);
  }
  return `没有保存（${message}）`;
}
