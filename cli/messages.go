package cli

import (
	"fmt"

	"github.com/zhiku-app/zhiku/backend/core"
)

// text is one line of command-line output in each language.
type text struct{ en, zh string }

var (
	txtServing        = text{"Zhiku is serving at %s  (Ctrl+C to stop)", "知库正在 %s 提供服务（按 Ctrl+C 停止）"}
	txtStopping       = text{"Stopping…", "正在停止…"}
	txtOpenedIndexing = text{"Knowledge base “%s” is ready and indexing: open the address below to see it.", "知识库“%s”已就绪，正在索引：打开下面的地址即可查看。"}
	txtNoDisplay      = text{"No display found: starting \"zhiku serve\" instead. Open the address below in a browser.", "未检测到显示器：改为启动 \"zhiku serve\"。请在浏览器中打开下面的地址。"}
	txtNotLoopback    = text{"Refusing to listen on %s: zhiku serve listens on this computer's loopback address (127.0.0.1 or ::1) unless --allow-network is given, because the API can read your files.", "拒绝监听 %s：除非指定 --allow-network，zhiku serve 只监听本机回环地址（127.0.0.1 或 ::1），因为该接口可以读取您的文件。"}
	txtServingNetwork = text{"Zhiku is serving on the network. Open this link on the device to use (Ctrl+C to stop):\n  %s\nAnyone with the link can read your files and chat with them: share it only with yourself.", "知库正在网络上提供服务。请在要使用的设备上打开此链接（按 Ctrl+C 停止）：\n  %s\n任何拿到该链接的人都能读取您的文件并与之对话：请只给自己使用。"}
	txtListenFail     = text{"Cannot listen on %s: %v. Choose another address with --addr, e.g. --addr 127.0.0.1:0 for any free port.", "无法监听 %s：%v。请用 --addr 指定其他地址，例如 --addr 127.0.0.1:0 使用任意空闲端口。"}
	txtNoUI           = text{"The web UI is not built into this binary; the API works, the page does not. Build with \"make build\".", "此程序未内置网页界面；接口可用，页面不可用。请使用 \"make build\" 构建。"}
	txtUnknownCmd     = text{"Unknown command %q. Run \"zhiku --help\" to see the commands.", "未知命令 %q。运行 \"zhiku --help\" 查看可用命令。"}
	txtDoctorFail     = counted{"%d check failed.", "%d checks failed.", "%d 项检查未通过。"}
	txtDoctorOK       = text{"Everything Zhiku needs is in order.", "知库所需的一切均已就绪。"}
	txtDoctorWarn     = text{"Zhiku will work, with the warnings above.", "知库可以运行，但请留意上面的警告。"}

	txtScanning             = counted{"Scanning… %d file found", "Scanning… %d files found", "正在扫描… 已找到 %d 个文件"}
	txtChunks               = counted{"+%d chunk", "+%d chunks", "+%d 个文本块"}
	txtIndexSummary         = text{"“%s”: %s, %s, %s. This run: %d new or changed, %d unchanged, %d removed.", "“%s”：%s，%s，%s。本次：新增或修改 %d 个，未变 %d 个，移除 %d 个。"}
	txtFilesIndexed         = counted{"%d file indexed", "%d files indexed", "已索引 %d 个文件"}
	txtChunkCount           = counted{"%d chunk", "%d chunks", "%d 个文本块"}
	txtFilesSkipped         = counted{"%d file not indexed, and why:", "%d files not indexed, and why:", "%d 个文件未索引，原因如下："}
	txtFilesFailed          = counted{"%d file could not be read:", "%d files could not be read:", "%d 个文件无法读取："}
	txtNoResults            = text{"Nothing found. Try other words, or check the knowledge base with \"zhiku index\".", "没有找到结果。请换个说法，或用 \"zhiku index\" 检查知识库。"}
	txtCatchingUp           = text{"The index is catching up with recent changes; these results may miss them.", "索引正在追上最近的改动，这些结果可能尚未包含它们。"}
	txtNamedFiles           = text{"Focused on %s, named in the query.", "查询提到了 %s，已优先从中检索。"}
	txtResultsSummary       = counted{"%d result (%s search, %.0f ms)", "%d results (%s search, %.0f ms)", "%d 条结果（%s 检索，%.0f 毫秒）"}
	txtPage                 = text{"p. %d", "第 %d 页"}
	txtEvalEmbedding        = text{"Embedding chunks…", "正在计算文本块向量…"}
	txtEvalHeader           = text{"%s, %s; %s, mean %.0f characters (at most %d tokens and %s characters, overlap %s)", "%s，%s；%s，平均 %.0f 字（上限 %d 个词元、%s 字，重叠 %s）"}
	txtParagraphs           = counted{"%d paragraph", "%d paragraphs", "%d 个段落"}
	txtQuestions            = counted{"%d question", "%d questions", "%d 个问题"}
	txtTokens               = counted{"%d token", "%d tokens", "%d 个词元"}
	txtNaturalHeader        = text{"%s, %s; %s (at most %d tokens, overlap %s), indexed as a folder you add", "%s，%s；%s（上限 %d 个词元，重叠 %s），按添加文件夹的方式索引"}
	txtFileCount            = counted{"%d file", "%d files", "%d 个文件"}
	txtNaturalMisses        = text{"Not on the right page in the first five (%s):", "前五条结果中没有正确页面的问题（%s）："}
	txtNaturalMissRanked    = text{"answer in %s, ranked %d; first: %s", "答案在 %s，排第 %d 位；排在最前的是：%s"}
	txtNaturalMissUnranked  = text{"answer in %s, not in the first ten; first: %s", "答案在 %s，不在前十条结果中；排在最前的是：%s"}
	txtNaturalNothing       = text{"nothing", "没有结果"}
	txtSources              = text{"Sources:", "引用来源："}
	txtAlsoRetrieved        = text{"Also retrieved:", "其他检索到的段落："}
	txtAskAllKBs            = counted{"Searching your only knowledge base, %[2]s.", "Searching all %d knowledge bases: %s.", "正在检索全部 %d 个知识库：%s。"}
	txtAskNoKB              = text{"No knowledge base yet, so the model answers alone. Index a folder with \"zhiku index FOLDER\" to answer from your documents.", "还没有知识库，将只由模型回答。请用 \"zhiku index 文件夹\" 索引一个文件夹，以便根据您的文档回答。"}
	txtAnswerStopped        = text{"(Stopped. The answer so far is kept in the chat.)", "（已停止。已生成的内容保存在对话中。）"}
	txtAnswerStoppedUnsaved = text{"(Stopped.)", "（已停止。）"}
	txtAskKept              = text{"Kept as chat %d; continue it with \"zhiku ask --chat %d QUESTION\".", "已保存为对话 %d；可用 \"zhiku ask --chat %d 问题\" 继续。"}
	txtFitVerdict           = text{"Verdict: %s (on %s)", "结论：%s（运行于 %s）"}
	txtPullStopped          = text{"Stopped. What was downloaded is kept; pull again to continue.", "已停止。已下载的部分会保留；再次拉取即可继续。"}
	txtDownloadStopped      = text{"Stopped. What was downloaded is kept; run the same command to continue.", "已停止。已下载的部分会保留；再次运行同一命令即可继续。"}
	txtPromptMissing        = text{"Variables without a value, left as they are: %s. Give them with --var name=value.", "以下变量没有值，保持原样：%s。请用 --var 名称=值 提供。"}
	txtPromptClean          = text{"No suggestions: this prompt has every part of a strong one.", "没有建议：这个提示词具备优秀提示词的全部要素。"}
	txtDatasetImported      = counted{"%d record added to %s.", "%d records added to %s.", "已向 %[2]s 添加 %[1]d 条记录。"}
	txtIndexStopped         = text{"Stopped. Everything indexed so far is kept; run the same command again to continue.", "已停止。已索引的内容都会保留；再次运行同一命令即可继续。"}
)

// checkNames labels the doctor's checks.
var checkNames = map[core.CheckName]text{
	core.CheckNameDataDir:   {"Data folder", "数据文件夹"},
	core.CheckNameDiskSpace: {"Disk space", "磁盘空间"},
	core.CheckNameOllama:    {"Ollama", "Ollama"},
	core.CheckNameWebView:   {"Web view", "Web 视图"},
	core.CheckNameDisplay:   {"Display", "显示器"},
}

func (t text) in(locale core.Locale, args ...any) string {
	s := t.en
	if locale == core.LocaleChinese {
		s = t.zh
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// What zhiku doctor --recover says.
var (
	txtRecoverSound      = text{"The database in %s is sound; nothing was changed.", "%s 中的数据库完好，未作任何改动。"}
	txtRecoverDone       = text{"Saved what could still be read into a new database. The damaged one is kept as %s.", "已把仍可读取的内容保存到新的数据库中。损坏的数据库已保留为 %s。"}
	txtRecoverKept       = text{"rows kept: %d", "保留 %d 行"}
	txtRecoverUnreadable = text{"damaged stretches skipped: %d", "跳过 %d 处损坏"}
	txtRecoverRefused    = text{"rows that no longer fit, left out: %d", "舍去 %d 行已无归属的记录"}
	txtRecoverSeparator  = text{"; ", "，"}
	txtRecoverNext       = text{"Knowledge bases index again what was lost on their next sync: open Zhiku, or run zhiku index.", "知识库会在下次同步时重新索引丢失的内容：打开知库，或运行 zhiku index。"}
)
