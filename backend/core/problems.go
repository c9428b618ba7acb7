package core

// The problems the application can report. Each says what happened and what
// to do next, in every UI language; the codes are stable for the UI and tests.
var (
	ErrInternal = ProblemKind{"internal",
		"Something went wrong inside Zhiku. Try again; if it keeps happening, copy the details and report them",
		"知库内部出错。请重试；如果反复出现，请复制详细信息并反馈"}

	ErrBadRequest = ProblemKind{"request.invalid",
		"The request could not be understood: {reason}",
		"无法理解该请求：{reason}"}
	ErrUnknownMethod = ProblemKind{"request.unknown_method",
		"This version of Zhiku has no operation called {method}. Reload the window; if that does not help, reinstall Zhiku",
		"此版本的知库没有名为 {method} 的操作。请重新加载窗口；若仍无效，请重新安装知库"}

	ErrDataDirUnusable = ProblemKind{"store.data_dir_unusable",
		"Zhiku cannot write to its data folder {dir}. Check that the folder exists and is writable, or set ZHIKU_DATA_DIR to another folder",
		"知库无法写入数据文件夹 {dir}。请检查该文件夹是否存在且可写，或通过 ZHIKU_DATA_DIR 指定其他文件夹"}
	ErrAlreadyRunning = ProblemKind{"store.already_running",
		"Zhiku is already running with the data folder {dir} ({holder}). Switch to it, or close it before starting another",
		"知库已在使用数据文件夹 {dir} 运行（{holder}）。请切换到它，或先关闭它再启动"}
	ErrStoreDamaged = ProblemKind{"store.damaged",
		"The database in {dir} is damaged and could not be opened. Your files are untouched; restore the folder from a backup or move it away to start fresh",
		"{dir} 中的数据库已损坏，无法打开。您的原始文件不受影响；请从备份恢复该文件夹，或将其移走后重新开始"}
	ErrStoreTooNew = ProblemKind{"store.too_new",
		"The data folder {dir} was written by a newer Zhiku (data version {found}; this one knows up to {known}). Update Zhiku to open it",
		"数据文件夹 {dir} 由更新版本的知库写入（数据版本 {found}，本版本最高支持 {known}）。请更新知库后再打开"}
	ErrNotReady = ProblemKind{"store.not_ready",
		"This is unavailable because Zhiku could not open its data folder. See the message at the top of the window",
		"由于知库无法打开数据文件夹，此功能暂不可用。请查看窗口顶部的提示"}

	ErrSettingsReset = ProblemKind{"settings.reset",
		"Your settings file could not be read, so Zhiku started with default settings. The damaged file was kept as {backup}",
		"无法读取设置文件，知库已使用默认设置启动。损坏的文件已保留为 {backup}"}
	ErrSettingsSave = ProblemKind{"settings.save_failed",
		"Your settings could not be saved, and the previous settings are still in force. Check free disk space and the permissions of {dir}",
		"设置保存失败，之前的设置仍然有效。请检查磁盘空间以及 {dir} 的权限"}
	ErrInvalidSetting = ProblemKind{"settings.invalid",
		"The setting {field} cannot be {value}. Allowed: {allowed}",
		"设置项 {field} 不能为 {value}。可选值：{allowed}"}
	ErrInvalidOllamaHost = ProblemKind{"settings.invalid_ollama_host",
		"{host} is not a valid Ollama address. Use host:port or a URL, for example 127.0.0.1:11434 or http://192.168.1.20:11434",
		"{host} 不是有效的 Ollama 地址。请使用 主机:端口 或 URL，例如 127.0.0.1:11434 或 http://192.168.1.20:11434"}
	// AskRemoteOllama is the question the window asks before the page may
	// point Zhiku at an Ollama on another computer; ErrRemoteOllamaDeclined
	// is the answer no.
	AskRemoteOllama = ProblemKind{"settings.ask_remote_ollama",
		"Zhiku will send your questions and the text of your documents to the Ollama at {host}, on another computer. Continue only if you trust that computer and the network to it",
		"知库将把您的问题和文档内容发送到另一台计算机上的 Ollama（{host}）。仅当您信任那台计算机及通往它的网络时才继续"}
	ErrRemoteOllamaDeclined = ProblemKind{"settings.remote_ollama_declined",
		"The Ollama address stays as it was: sending your documents to {host} was not confirmed",
		"Ollama 地址保持不变：未确认将您的文档发送到 {host}"}

	// AskHub is the question the window asks before the page has Zhiku
	// fetch from a model hub it does not know; ErrHubDeclined the answer no.
	AskHub = ProblemKind{"models.ask_hub",
		"Zhiku will connect to {host} to list and download models. It is not a hub Zhiku knows; continue only if you chose it yourself and trust it",
		"知库将连接 {host} 以列出并下载模型。这不是知库已知的模型站点；仅当它是您亲自选择并信任的站点时才继续"}
	ErrHubDeclined = ProblemKind{"models.hub_declined",
		"Zhiku did not connect to {host}: it was not confirmed",
		"知库未连接 {host}：未经确认"}

	ErrOllamaUnreachable = ProblemKind{"ollama.unreachable",
		"Ollama is not reachable at {host}. Start Ollama, or check the address in Settings",
		"无法连接到 {host} 上的 Ollama。请启动 Ollama，或在设置中检查地址"}
	ErrOllamaTimeout = ProblemKind{"ollama.timeout",
		"Ollama at {host} did not answer in time. It may be busy loading a model; try again in a moment",
		"{host} 上的 Ollama 未及时响应。它可能正在加载模型，请稍后重试"}
	ErrOllamaServer = ProblemKind{"ollama.server_error",
		"Ollama answered with an error ({status}): {message}",
		"Ollama 返回错误（{status}）：{message}"}
	ErrOllamaUnauthorized = ProblemKind{"ollama.unauthorized",
		"Ollama at {host} refused the request as unauthorised. Check the address in Settings points to your own Ollama",
		"{host} 上的 Ollama 拒绝了未经授权的请求。请确认设置中的地址指向您自己的 Ollama"}
	ErrModelNotFound = ProblemKind{"ollama.model_not_found",
		"The model {model} is not installed in Ollama. Pull it from the Models view, or choose another model",
		"Ollama 中未安装模型 {model}。请在“模型”页面拉取它，或选择其他模型"}
	ErrOllamaNotInstalled = ProblemKind{"ollama.not_installed",
		"Ollama is not installed on this computer. Install it from ollama.com, then start it",
		"此电脑未安装 Ollama。请从 ollama.com 安装后启动"}
	ErrOllamaStartFailed = ProblemKind{"ollama.start_failed",
		"Zhiku could not start Ollama. Try running \"ollama serve\" in a terminal to see why",
		"知库无法启动 Ollama。请在终端中运行 \"ollama serve\" 查看原因"}
	ErrOllamaRemote = ProblemKind{"ollama.remote",
		"Ollama is set to {host}, which is not on this computer, so Zhiku cannot start it. Start it on that machine, or change the address in Settings",
		"Ollama 地址设置为 {host}，不在本机上，知库无法启动它。请在那台机器上启动，或在设置中修改地址"}
)

// Problems the doctor reports about the machine.
var (
	ErrDiskLow = ProblemKind{"system.disk_low",
		"Only {free} is free where Zhiku keeps its data ({dir}). Indexes and models need room; free some space",
		"知库数据所在位置（{dir}）仅剩 {free} 可用空间。索引和模型需要空间，请清理磁盘"}
	ErrNoDisplay = ProblemKind{"system.no_display",
		"No display was found, so the desktop window cannot open here. Run \"zhiku serve\" and open the address it prints in a browser",
		"未检测到显示器，无法在此打开桌面窗口。请运行 \"zhiku serve\"，并在浏览器中打开它输出的地址"}
	ErrNoWebView2 = ProblemKind{"system.no_webview2",
		"The Microsoft Edge WebView2 Runtime, which Zhiku's window is drawn with, is not installed. Run Zhiku's installer again, or install the runtime from https://go.microsoft.com/fwlink/p/?LinkId=2124703",
		"未安装 Microsoft Edge WebView2 运行时，知库的窗口需要它来显示。请重新运行知库安装程序，或从 https://go.microsoft.com/fwlink/p/?LinkId=2124703 安装该运行时"}
)

// Problems of model operations.
var (
	ErrModelIncapable = ProblemKind{"ollama.model_incapable",
		"The model {model} cannot {task}. Choose a model that can, in the Models view",
		"模型 {model} 无法{task}。请在“模型”页面选择具备该能力的模型"}
	ErrEmbeddingMismatch = ProblemKind{"ollama.embedding_mismatch",
		"Ollama returned {got} embeddings for {want} texts. Try again; if it persists, update Ollama",
		"Ollama 为 {want} 段文本返回了 {got} 个嵌入向量。请重试；若持续出现，请更新 Ollama"}
	ErrModelFile = ProblemKind{"ollama.model_file",
		"{path} could not be imported into Ollama: {reason}",
		"无法将 {path} 导入 Ollama：{reason}"}
)

// ErrGGUFUnreadable reports a file that cannot be read as a GGUF model.
var ErrGGUFUnreadable = ProblemKind{"models.gguf_unreadable",
	"{path} cannot be read as a GGUF model: {reason}. Choose a .gguf file, such as one downloaded from Hugging Face or ModelScope",
	"无法将 {path} 读取为 GGUF 模型：{reason}。请选择 .gguf 文件，例如从 Hugging Face 或 ModelScope 下载的文件"}

// ErrModelName reports a name Ollama would not accept for a model.
var ErrModelName = ProblemKind{"models.bad_name",
	"{name} is not a usable model name. Use letters, digits, dots, dashes, underscores and slashes, with an optional :tag, for example my-model:q4",
	"{name} 不是可用的模型名称。请使用字母、数字、点、短横线、下划线和斜杠，可带 :标签，例如 my-model:q4"}

// ErrPullFailed reports a model download that did not finish.
var ErrPullFailed = ProblemKind{"ollama.pull_failed",
	"Ollama could not download {model}: {reason}. Check the model's name and this computer's internet connection; what was downloaded is kept, and trying again continues from there",
	"Ollama 无法下载 {model}：{reason}。请检查模型名称和本机的网络连接；已下载的部分会保留，重试时将从中断处继续"}

// ErrStreamCut reports an answer whose stream ended before Ollama said it
// was complete: the connection closed or the server stopped mid-answer.
var ErrStreamCut = ProblemKind{"ollama.stream_cut",
	"Ollama stopped in the middle of the answer. What arrived so far is kept; try again, and check Ollama is still running",
	"Ollama 在回答中途停止了。已收到的内容会保留；请重试，并确认 Ollama 仍在运行"}

// ErrOllamaTooOld warns that the running Ollama lacks what Zhiku relies on.
var ErrOllamaTooOld = ProblemKind{"ollama.too_old",
	"Ollama {version} is older than {minimum}, the oldest version Zhiku works with. Update Ollama from ollama.com",
	"Ollama {version} 早于知库支持的最低版本 {minimum}。请从 ollama.com 更新 Ollama"}

// Problems of knowledge bases and the files in them.
var (
	ErrKBNameTaken = ProblemKind{"library.name_taken",
		"A knowledge base called {name} already exists. Choose another name",
		"已存在名为 {name} 的知识库。请换一个名称"}
	ErrKBNotFound = ProblemKind{"library.not_found",
		"That knowledge base no longer exists. It may have been deleted in another window",
		"该知识库已不存在，可能已在其他窗口中删除"}
	ErrSourceMissing = ProblemKind{"library.source_missing",
		"{path} cannot be opened: it does not exist or is not readable. Check the path and its permissions",
		"无法打开 {path}：它不存在或不可读。请检查路径及其权限"}
	ErrFormatUnsupported = ProblemKind{"library.format_unsupported",
		"Zhiku does not read {format} files yet, so this one was skipped",
		"知库暂不支持读取 {format} 文件，已跳过"}
	ErrFileUnreadable = ProblemKind{"library.file_unreadable",
		"This file could not be read: {reason}. Check that it is not open elsewhere, damaged or protected",
		"无法读取此文件：{reason}。请确认它未被其他程序占用、未损坏或未加密保护"}
	ErrFileEmpty = ProblemKind{"library.file_empty",
		"This file has no text to index",
		"此文件没有可索引的文本"}
)

// Problems of the error log, the file every problem the window shows is
// also written to.
var (
	ErrLogUnreadable = ProblemKind{"log.unreadable",
		"The error log {path} could not be read: {reason}. Check that Zhiku's data folder is readable",
		"无法读取错误日志 {path}：{reason}。请检查知库的数据文件夹是否可读"}
	ErrLogRevealFailed = ProblemKind{"log.reveal_failed",
		"The file manager could not show the error log: {reason}. Open the folder yourself: {path}",
		"文件管理器无法显示错误日志：{reason}。请自行打开该文件夹：{path}"}
)

// ErrPathNotAllowed: the page named a file outside the places Zhiku may
// read for it.
var ErrPathNotAllowed = ProblemKind{"system.path_not_allowed",
	"Zhiku reads for this window only your knowledge bases' folders, its models and exports folders and places you chose yourself (never their hidden files, nor the rest of its data folder), and {path} is none of them. Choose it with the Choose… button (with zhiku serve, start it with --allow-path and the folder)",
	"知库只为此窗口读取知识库的文件夹、它的 models 和 exports 文件夹以及您亲自选择的位置（不含其中的隐藏文件，也不含数据文件夹的其余部分），{path} 不在其中。请用“选择…”按钮选择它（使用 zhiku serve 时，请以 --allow-path 加该文件夹启动）"}

// ErrNoDialogs: a browser cannot show the desktop's folder dialog.
var ErrNoDialogs = ProblemKind{"system.no_dialogs",
	"Choosing a folder with a dialog needs the desktop window. Here, type or paste the folder's path",
	"用对话框选择文件夹需要桌面窗口。在这里请输入或粘贴文件夹路径"}

// ErrNoEmbedModel: indexing built the text side, but no model makes vectors.
var ErrNoEmbedModel = ProblemKind{"library.no_embed_model",
	"No embedding model is chosen, so search finds words but not yet meanings. Choose one in Settings (bge-m3 suits Chinese and English); the vectors are then computed on their own",
	"尚未选择嵌入模型，因此搜索只能匹配字词，还不能理解语义。请在设置中选择一个（bge-m3 适合中英文）；之后向量会自动计算"}

// ErrWatchLimit: the OS refuses to watch more folders.
var ErrWatchLimit = ProblemKind{"library.watch_limit",
	"This computer's limit on watched folders was reached, so changes in {path} are picked up at start-up and when you press Sync now, not as they happen. On Linux, raise fs.inotify.max_user_watches to watch them all",
	"已达到本机可监视文件夹数量的上限，因此 {path} 中的变化将在启动时或点击“立即同步”时更新，而不是实时更新。在 Linux 上，可调高 fs.inotify.max_user_watches 以监视全部文件夹"}

// Problems particular to PDF files.
var (
	ErrFileEncrypted = ProblemKind{"library.file_encrypted",
		"This file is protected by a password, so Zhiku cannot read it. Save an unprotected copy to index it",
		"此文件受密码保护，知库无法读取。请另存一份未加密的副本后再索引"}
	ErrNeedsOCR = ProblemKind{"library.needs_ocr",
		"This file's pages are images of text (a scan), with no text to read. It needs OCR before it can be searched",
		"此文件的页面是文字的图像（扫描件），没有可读取的文本。需要先进行 OCR 才能搜索"}
	ErrPDFStalled = ProblemKind{"library.pdf_stalled",
		"The PDF engine made no progress on this file for {minutes} minutes, so it was stopped and the file left out. The file may be damaged; if it opens normally elsewhere, print it to a new PDF and add that",
		"PDF 引擎处理此文件时 {minutes} 分钟没有任何进展，已被停止，此文件未编入索引。文件可能已损坏；如果它在其他软件中能正常打开，请将其打印为新的 PDF 后再添加"}
	ErrPDFMemory = ProblemKind{"library.pdf_memory",
		"Reading this PDF needs more than the {limit} of memory Zhiku gives one file, so it was not indexed. It may be damaged or built to exhaust memory; if it opens normally elsewhere, save a copy with fewer pages per file",
		"读取此 PDF 所需的内存超过知库为单个文件设定的上限（{limit}），因此未编入索引。它可能已损坏，或被刻意构造以耗尽内存；如果它在其他软件中能正常打开，请把它另存为页数更少的几个文件"}
)

// Problems of files that would yield far more, or other, than text.
var (
	ErrNotAFile = ProblemKind{"library.not_a_file",
		"This is not a regular file but a named pipe, a socket or a device, which could block or never end, so Zhiku does not read it",
		"这不是普通文件，而是命名管道、套接字或设备，读取它可能会一直阻塞或没有尽头，因此知库不读取它"}
	ErrTextBudget = ProblemKind{"library.text_budget",
		"This file yields more than {limit} of text, the most Zhiku keeps for one file, so it was not indexed. If it really holds that much text, split it into smaller files",
		"此文件提取出的文本超过 {limit}，超出知库为单个文件保留的上限，因此未编入索引。如果它确实包含这么多文本，请将其拆分为较小的文件"}
	ErrNotText = ProblemKind{"library.not_text",
		"This file's content is not text: {percent} of its characters are NUL or control characters, so it was skipped",
		"此文件的内容不是文本：{percent} 的字符是空字符或控制字符，已跳过"}
	ErrRepeatedContent = ProblemKind{"library.repeated_content",
		"This file repeats the same text over and over (only {distinct} of its first {total} pieces differ), so it was skipped. It may be damaged or built to fill the index",
		"此文件反复重复同一段文本（前 {total} 段中只有 {distinct} 段互不相同），已跳过。它可能已损坏，或被刻意构造以塞满索引"}
	ErrBinaryContent = ProblemKind{"library.binary_content",
		"This file has no extension and holds binary data, not text (a program, an image or an archive, say), so it was skipped",
		"此文件没有扩展名，内容是二进制数据而不是文本（例如程序、图片或压缩包），已跳过"}
	ErrPrivateKey = ProblemKind{"library.private_key",
		"This file holds a private key, which Zhiku never indexes: what is indexed can be searched and sent to a model. It was skipped",
		"此文件包含私钥，知库从不为私钥建立索引：编入索引的内容可被搜索并发送给模型。已跳过"}
)

// ErrArchiveBomb: a document's zip container expands beyond safe bounds.
var ErrArchiveBomb = ProblemKind{"library.archive_bomb",
	"This file expands to far more data than any document holds ({reason}), so Zhiku did not open it. It may be damaged or built to exhaust memory",
	"此文件解压后的数据量远超正常文档（{reason}），知库未打开它。它可能已损坏，或被刻意构造以耗尽内存"}

// ErrFileChanging: a file changed while it was read, as one still being
// written or downloaded does; what was read may mix two versions.
var ErrFileChanging = ProblemKind{"library.file_changing",
	"This file changed while Zhiku was reading it, so nothing from it was kept. It is read again once it stops changing",
	"此文件在知库读取时发生了变化，因此未保留任何内容。待它不再变化后会重新读取"}

// ErrChunkSettings: chunk sizes out of the range retrieval works in.
var ErrChunkSettings = ProblemKind{"library.chunk_settings",
	"Chunks must be {min} to {max} tokens, with an overlap under half their size",
	"文本块大小需为 {min} 到 {max} 个词元，重叠部分需小于其一半"}

// Problems of search.
var (
	ErrIndexRebuilt = ProblemKind{"search.index_rebuilt",
		"The search index file of this knowledge base was damaged, so it was rebuilt from the library. Nothing was lost",
		"此知识库的搜索索引文件已损坏，已根据资料库重建，没有丢失任何内容"}
	ErrQueryVectorFailed = ProblemKind{"search.vector_failed",
		"Only keyword search was used: the question could not be embedded with {model} ({reason}). Check that Ollama is running and the model is installed",
		"本次仅使用了关键词检索：无法用 {model} 计算问题的向量（{reason}）。请确认 Ollama 正在运行且已安装该模型"}
	ErrNoVectors = ProblemKind{"search.no_vectors",
		"Only keyword search was used: this knowledge base has no vectors yet. Choose an embedding model in Settings, and they are computed in the background",
		"本次仅使用了关键词检索：此知识库还没有向量。请在设置中选择嵌入模型，向量会在后台计算"}
	ErrRerankFailed = ProblemKind{"search.rerank_failed",
		"The passages are in search order, not reranked: {model} could not score them ({reason}). Check that Ollama is running and the model is installed",
		"段落按检索顺序排列，未经重排：{model} 无法为它们打分（{reason}）。请确认 Ollama 正在运行且已安装该模型"}
	ErrRerankTimedOut = ProblemKind{"search.rerank_timed_out",
		"The passages are in search order, not reranked: {model} needed more than {seconds} seconds to score them. The scores it gave are kept, so asking again is quicker",
		"段落按检索顺序排列，未经重排：{model} 打分超过了 {seconds} 秒。已得到的分数会保留，再问一次会更快"}
	ErrNoRerankModel = ProblemKind{"search.no_rerank_model",
		"The passages are in search order, not reranked: reranking is on for this knowledge base, but no reranker model is chosen. Choose one in Settings › Models",
		"段落按检索顺序排列，未经重排：此知识库已开启重排，但尚未选择重排模型。请在“设置 › 模型”中选择"}
	ErrPathNotInLibrary = ProblemKind{"search.path_not_in_library",
		"{path} is not a file of any knowledge base, so Zhiku will not open it",
		"{path} 不属于任何知识库中的文件，知库不会打开它"}
	ErrOpenFailed = ProblemKind{"search.open_failed",
		"{path} could not be opened: {reason}. Open it from your file manager instead",
		"无法打开 {path}：{reason}。请改从文件管理器中打开"}
	ErrFileGone = ProblemKind{"search.file_gone",
		"{path} is no longer there: it was moved or deleted after it was indexed. Sync its knowledge base to bring the results up to date",
		"{path} 已不在原处：它在索引之后被移动或删除了。请同步它所在的知识库，让搜索结果保持最新"}
)

// Problems of chats.
var (
	ErrChatNotFound = ProblemKind{"chat.not_found",
		"This chat no longer exists. It may have been deleted in another window",
		"该对话已不存在，可能已在其他窗口中删除"}
	ErrNoChatModel = ProblemKind{"chat.no_model",
		"Several models are installed and none is the default for chat. Pick one under Settings › Models, or in this chat's settings",
		"已安装多个模型，但尚未设定默认对话模型。请在“设置 › 模型”或本对话的设置中选择一个"}
	ErrNoModelsInstalled = ProblemKind{"chat.no_models_installed",
		"Ollama runs, but no model is installed yet. Download the two suggested on the Knowledge bases page, or pick one in the Models view",
		"Ollama 已运行，但尚未安装任何模型。请在“知识库”页面下载推荐的两个模型，或在“模型”页面挑选"}
	ErrNoChatModelInstalled = ProblemKind{"chat.no_chat_model_installed",
		"The installed models can only find passages, not write answers. Download a chat model in the Models view",
		"已安装的模型只能检索段落，不能生成回答。请在“模型”页面下载一个对话模型"}
	ErrQuestionEmpty = ProblemKind{"chat.question_empty",
		"Type a question first",
		"请先输入问题"}
	ErrPromptTooLong = ProblemKind{"chat.prompt_too_long",
		"The question and instructions need {tokens} tokens, more than the {budget} the context window of {model} leaves. Shorten them, or raise the context size in this chat's settings",
		"问题和指令需要 {tokens} 个 token，超出了 {model} 的上下文窗口所能容纳的 {budget} 个。请缩短内容，或在本对话设置中增大上下文长度"}
	ErrEmptyAnswer = ProblemKind{"chat.empty_answer",
		"{model} ended without writing an answer. Regenerate it, or choose another model in this chat's settings",
		"{model} 未写出任何内容就结束了回答。请重新生成，或在本对话设置中换一个模型"}
	ErrChatBusy = ProblemKind{"chat.busy",
		"An answer is still being written in this chat. Stop it or wait for it to finish",
		"本对话仍在生成回答。请先停止或等待其完成"}
	ErrTurnNotFound = ProblemKind{"chat.turn_not_found",
		"That message no longer exists in this chat",
		"该消息已不在本对话中"}
	ErrDocumentNotInChat = ProblemKind{"chat.document_unknown",
		"{path} is not an indexed file of this chat's knowledge bases. Add its folder to one, or pick another file",
		"{path} 不是本对话所用知识库中已索引的文件。请将其所在文件夹加入知识库，或选择其他文件"}
)

// Problems of model downloads from Hugging Face, its mirrors and ModelScope.
var (
	ErrHubNotFound = ProblemKind{"hub.not_found",
		"{what} was not found on {hub}. Check the repository name (owner/name) and the file name",
		"在 {hub} 上找不到 {what}。请检查仓库名称（所有者/名称）和文件名"}
	ErrHubDenied = ProblemKind{"hub.denied",
		"{hub} refused access to {repo} ({status}): the repository is gated or private. Accept its terms on the website with your account, or choose another repository",
		"{hub} 拒绝访问 {repo}（{status}）：该仓库需要授权或为私有仓库。请在网站上用您的账户同意其条款，或选择其他仓库"}
	ErrHubUnreachable = ProblemKind{"hub.unreachable",
		"{hub} could not be reached: {reason}. Check the internet connection, or choose a mirror such as hf-mirror.com in Models",
		"无法连接 {hub}：{reason}。请检查网络连接，或在“模型”页面选择镜像（例如 hf-mirror.com）"}
	ErrDownloadCorrupt = ProblemKind{"hub.corrupt",
		"{file} arrived damaged: its SHA-256 does not match the one {hub} publishes. The damaged copy was removed; download it again",
		"{file} 下载后已损坏：其 SHA-256 与 {hub} 公布的不一致。损坏的文件已删除，请重新下载"}
	ErrDiskFull = ProblemKind{"hub.disk_full",
		"The disk holding {dir} is full. What was downloaded is kept; free some space and download again to continue",
		"{dir} 所在磁盘已满。已下载的部分会保留；请清理空间后再次下载以继续"}
)

// Problems of the prompt studio.
var (
	ErrAssistantNotFound = ProblemKind{"prompts.not_found",
		"This assistant no longer exists. It may have been deleted in another window",
		"该助手已不存在，可能已在其他窗口中删除"}
	ErrAssistantInvalid = ProblemKind{"prompts.invalid",
		"The assistant cannot be saved: {reason}",
		"无法保存该助手：{reason}"}
	ErrCompareVariants = ProblemKind{"prompts.compare_variants",
		"A comparison needs two to four variants, each with a model; this one has {count}",
		"对比需要两到四个变体，且每个都要指定模型；当前为 {count} 个"}
)

// Problems of data sets.
var (
	ErrDatasetNotFound = ProblemKind{"datasets.not_found",
		"This data set no longer exists. It may have been deleted in another window",
		"该数据集已不存在，可能已在其他窗口中删除"}
	ErrDatasetName = ProblemKind{"datasets.name",
		"A data set called {name} already exists, or the name is empty. Choose another name",
		"已存在名为 {name} 的数据集，或名称为空。请换一个名称"}
	ErrDatasetFile = ProblemKind{"datasets.file",
		"{path} could not be read as {format}: {reason}. Nothing was imported",
		"无法将 {path} 按 {format} 格式读取：{reason}。未导入任何内容"}
	ErrRecordInvalid = ProblemKind{"datasets.record_invalid",
		"A record of kind {kind} is incomplete: {reason}",
		"{kind} 类型的记录不完整：{reason}"}
)

// ErrServeToken refuses a request to a networked `zhiku serve` without its
// token.
var ErrServeToken = ProblemKind{"serve.token",
	"This Zhiku needs its access link. Open the link `zhiku serve` printed, with ?token= in it, on this device",
	"访问此知库需要其访问链接。请在本设备上打开 `zhiku serve` 打印的、带有 ?token= 的链接"}

// ErrEmbeddingDimension reports vectors of another length than the
// model's earlier ones: a different model behind the same name, or a
// fault. They are not stored, so search never mixes them.
var ErrEmbeddingDimension = ProblemKind{"ollama.embedding_dimension",
	"{model} returned vectors of {got} numbers where its earlier vectors have {want}. If the model was replaced under the same name, choose it again in the knowledge base's settings to re-embed",
	"{model} 返回的向量有 {got} 维，而之前的向量为 {want} 维。如果同名模型已被替换，请在知识库设置中重新选择它以重新计算向量"}

// The names a person gives things (knowledge bases, data sets, chats,
// assistants) are checked for form before anything is saved.
var (
	ErrNameEmpty = ProblemKind{"names.empty",
		"A name is needed. Type one",
		"需要一个名称。请输入名称"}
	ErrNameTooLong = ProblemKind{"names.too_long",
		"A name can have at most {max} characters, and this one has {length}. Shorten it",
		"名称最多 {max} 个字符，当前有 {length} 个。请缩短名称"}
	ErrNameControl = ProblemKind{"names.control",
		"A name cannot contain line breaks, tabs or other invisible control characters. Type it again without them",
		"名称不能包含换行、制表符或其他不可见的控制字符。请去掉它们后重新输入"}
	ErrNameEncoding = ProblemKind{"names.encoding",
		"The name is not valid text (UTF-8). Type it again",
		"该名称不是有效的文本（UTF-8）。请重新输入"}
)

// Problems of `zhiku serve` on the network.
var (
	ErrServeThrottled = ProblemKind{"serve.throttled",
		"Too many wrong access tokens have been tried, so Zhiku is refusing them for a while. Wait {seconds} seconds, then open the link `zhiku serve` printed again",
		"尝试过的错误访问令牌过多，知库暂时拒绝检查令牌。请等待 {seconds} 秒，然后重新打开 `zhiku serve` 打印的链接"}
)

// Problems of the files Zhiku keeps in its data folder.
var (
	// ErrDataFileNotRegular: something other than a plain file, such as a
	// named pipe, stands where Zhiku keeps one of its own files.
	ErrDataFileNotRegular = ProblemKind{"store.data_file_not_regular",
		"{path} in Zhiku's data folder is not a plain file (it may be a named pipe, a device or a folder), so Zhiku will not use the folder. Remove or rename {path}, then start Zhiku again",
		"知库数据文件夹中的 {path} 不是普通文件（可能是命名管道、设备或文件夹），因此知库不会使用该文件夹。请删除或重命名 {path}，然后重新启动知库"}
)

// What the page may have Zhiku write is narrower than what it may have it
// read.
var (
	ErrPathNotWritable = ProblemKind{"system.write_not_allowed",
		"Zhiku saves for this window only into its models and exports folders and folders you chose to save in (never into their hidden folders), and {path} is none of them. Choose the folder with the Choose… button (with zhiku serve, start it with --allow-path and the folder)",
		"知库只为此窗口保存到它的 models 和 exports 文件夹以及您选定用于保存的文件夹（不含其中的隐藏文件夹），{path} 不在其中。请用“选择…”按钮选择该文件夹（使用 zhiku serve 时，请以 --allow-path 加该文件夹启动）"}
)

// Problems of a database damaged inside, where SQLite can still read
// most of it, and of saving what it holds.
var (
	ErrStoreNeedsRecovery = ProblemKind{"store.needs_recovery",
		"The database in {dir} is damaged, so Zhiku will not write to it. Your files are untouched; run zhiku doctor --recover to save what can still be read into a new database",
		"{dir} 中的数据库已损坏，因此知库不会再写入它。您的原始文件不受影响；请运行 zhiku doctor --recover，把仍可读取的内容保存到新的数据库中"}
	ErrRecoveryFailed = ProblemKind{"store.recovery_failed",
		"Zhiku could not finish saving what the damaged database in {dir} holds, so it left that database in place, unchanged. Check free disk space, then run zhiku doctor --recover again",
		"知库未能完成保存 {dir} 中损坏数据库的内容，因此该数据库保持原样、未作改动。请检查磁盘剩余空间，然后再次运行 zhiku doctor --recover"}
)

// AskDropped is the question the window asks, where it cannot see the
// windowing system's side of a drop, before the page may have Zhiku read
// what a drop names.
var AskDropped = ProblemKind{"system.ask_dropped",
	"Make a knowledge base of {paths}, dropped on the window? Continue only if you just dropped it there yourself",
	"要用拖放到窗口上的 {paths} 创建知识库吗？仅当这是您刚刚亲自拖放的内容时才继续"}

// What a page could plant and then have run: a folder the page may have
// Zhiku save into is no knowledge base's folder, and no file that can run
// is launched from a search result.
var (
	ErrSourceWritable = ProblemKind{"library.source_writable",
		"{path} is a folder this window may have Zhiku save into (downloads, exports, a folder chosen to save in), so it cannot be a knowledge base's folder: a script in the page could put files there. Move the documents to another folder and choose that one",
		"{path} 是此窗口可让知库保存文件的文件夹（下载、导出或选定用于保存的文件夹），因此不能作为知识库的文件夹：页面中的脚本可能在其中放入文件。请把文档移到其他文件夹，再选择那个文件夹"}
	ErrOpenExecutable = ProblemKind{"search.open_executable",
		"{path} is a file that can run as a program (a script, an app, a shortcut), so Zhiku will not open it. Use Show in folder, and open it yourself if you trust it",
		"{path} 是可作为程序运行的文件（脚本、应用或快捷方式），因此知库不会打开它。请使用“在文件夹中显示”，如果您信任它，再自行打开"}
)

// The folder dialog for saving: Zhiku's own notice comes first, before
// the title the page asked for, and a folder that holds the whole home
// folder is refused.
var (
	SaveFolderNotice = ProblemKind{"system.save_folder_notice",
		"Zhiku may save files in the folder you choose: {title}",
		"知库可在您选择的文件夹中保存文件：{title}"}
	ErrSaveFolderTooBroad = ProblemKind{"system.save_folder_too_broad",
		"{path} holds your whole home folder, so Zhiku will not save there for this window. Choose or make a folder inside it, such as one in Documents",
		"{path} 包含您的整个主文件夹，因此知库不会为此窗口保存到那里。请选择或新建其中的一个文件夹，例如“文稿”或“文档”中的文件夹"}
)

// Problems of the command line, which names its own flags and commands
// where the window would point at a view.
var (
	ErrAssistantJSON = ProblemKind{"prompts.bad_json",
		"{from} is not an assistant in JSON: {reason}. Fix the JSON; \"zhiku prompt lint --help\" lists its fields",
		"{from} 不是 JSON 格式的助手：{reason}。请修正 JSON；\"zhiku prompt lint --help\" 列出了各字段"}
	ErrNotInCatalog = ProblemKind{"models.not_in_catalog",
		"{model} is not in the model catalogue. The closest names are {closest}; \"zhiku models catalog\" lists them all",
		"模型目录中没有 {model}。最接近的名称是 {closest}；\"zhiku models catalog\" 会列出全部"}
	ErrAskNoModelsInstalled = ProblemKind{"cli.no_models_installed",
		"Ollama runs, but no model is installed to answer with. Install one with \"zhiku models pull NAME\" (\"zhiku models catalog\" shows which fit this computer), or name an installed one with --model NAME",
		"Ollama 已运行，但没有可用于回答的模型。请用 \"zhiku models pull 名称\" 安装一个（\"zhiku models catalog\" 会显示适合本机的模型），或用 --model 名称 指定已安装的模型"}
	ErrAskNoChatModelInstalled = ProblemKind{"cli.no_chat_model_installed",
		"The installed models can only find passages, not write answers. Install a chat model with \"zhiku models pull NAME\" (\"zhiku models catalog\" shows which fit this computer)",
		"已安装的模型只能检索段落，不能生成回答。请用 \"zhiku models pull 名称\" 安装一个对话模型（\"zhiku models catalog\" 会显示适合本机的模型）"}
	ErrAskNoChatModel = ProblemKind{"cli.no_chat_model",
		"Several chat models are installed and none is the default. Name one with --model NAME (\"zhiku models list\" shows them), or set a default in Zhiku's Settings",
		"已安装多个对话模型，但没有设置默认模型。请用 --model 名称 指定一个（\"zhiku models list\" 会列出它们），或在知库的“设置”中设置默认模型"}
)

// Problems of reading a data folder without holding it, as the command
// line does beside the window.
var (
	ErrNoDataYet = ProblemKind{"store.no_data",
		"There is no Zhiku data in {dir} yet. Index a folder first with \"zhiku index FOLDER\", or open Zhiku",
		"{dir} 中还没有知库的数据。请先用 \"zhiku index 文件夹\" 索引一个文件夹，或打开知库"}
	ErrStoreNeedsUpdate = ProblemKind{"store.needs_update",
		"The data in {dir} was written by an older Zhiku and must be updated before it can be read. Open Zhiku once, or run a command that writes, such as \"zhiku index\"",
		"{dir} 中的数据由较旧版本的知库写入，需要先更新才能读取。请打开一次知库，或运行一个会写入的命令，例如 \"zhiku index\""}
	ErrStoreReadOnly = ProblemKind{"store.read_only",
		"{dir} is open for reading only, so nothing can be saved there",
		"{dir} 以只读方式打开，无法在其中保存任何内容"}
	ErrDataFolderHeld = ProblemKind{"store.held",
		"\"zhiku {command}\" changes the data folder {dir}, which {holder} is using. Do it in that window, or close it and run the command again",
		"\"zhiku {command}\" 会修改数据文件夹 {dir}，而它正被{holder}使用。请在那个窗口中操作，或关闭它后再次运行该命令"}
)
