import {
  attempt,
  toApiError,
  type Answer,
  type Api,
  type Chat,
  type ChatPhase,
  type ChatSettings,
  type ChatStream,
  type Problem,
  type Source,
  type Turn,
} from '../api';

/** Where an answer being generated is before its text arrives. */
export interface Progress {
  phase: ChatPhase;
  step?: number;
  steps?: number;
}

/** The answer and source shown in the side panel. */
export interface Selection {
  turnId: number;
  answerId: number;
  /** The source opened, by its number; null shows the list. */
  source: number | null;
}

export type PanelTab = 'sources' | 'inspector';

/** Where the knowledge bases last chosen for a chat are remembered. */
const lastKBsKey = 'zhiku.chat.kbs';

/** Go's zero time, for times the backend sets itself. */
const goZeroTime = '0001-01-01T00:00:00Z';

/** The answer a turn shows: the chosen one, or the latest. */
export function shownAnswer(turn: Turn): Answer | undefined {
  return turn.answers.find((a) => a.id === turn.chosen) ?? turn.answers.at(-1);
}

/**
 * Chats: the list (searchable), the open chat with its turns, and answers
 * streaming into it. Streamed events carry the whole answer so far, so one
 * missed event loses nothing; after a reconnect the open chat reloads.
 */
export class ChatsStore {
  list = $state<Chat[]>([]);
  query = $state('');
  current = $state<Chat | null>(null);
  progress = $state<Record<number, Progress>>({});
  selection = $state<Selection | null>(null);
  panel = $state<PanelTab>('sources');
  problem = $state<Problem | null>(null);
  /**
   * Knowledge bases for the next chat, chosen before it exists; null until
   * chosen, when the next chat uses the set chosen last, or else every
   * knowledge base: a new chat answers from your documents.
   */
  draftChoice = $state<number[] | null>(null);

  /** Whether the open chat is generating an answer. */
  busy = $derived(this.current?.turns?.some((t) => t.answers.some((a) => a.status === 'streaming')) ?? false);

  private seq = 0;
  /**
   * The newest word on each answer streamed lately. A reload answers with
   * the store as it was when asked, and may land after later events: these
   * keep it from taking an answer back to an older state.
   */
  private streamed = new Map<number, ChatStream>();

  /**
   * allKBIds lists the knowledge bases there are; memory keeps the set
   * last chosen between runs.
   */
  constructor(
    private readonly api: Api,
    private readonly allKBIds: () => number[] = () => [],
    private readonly memory: Pick<Storage, 'getItem' | 'setItem'> | null = null,
  ) {}

  /** The knowledge bases the next chat answers from. */
  get draftKBIds(): number[] {
    if (this.draftChoice) return this.draftChoice;
    const all = this.allKBIds();
    const remembered = this.lastChosen();
    if (remembered) {
      // A remembered set whose knowledge bases are all gone falls back to
      // every one; a remembered plain chat stays plain.
      const kept = remembered.filter((id) => all.includes(id));
      if (remembered.length === 0 || kept.length > 0) return kept;
    }
    return all;
  }

  /** Whether the open chat, or the next, answers from every knowledge base. */
  get usesAllKBs(): boolean {
    const all = this.allKBIds();
    return all.length > 0 && all.every((id) => this.kbIds.includes(id));
  }

  private lastChosen(): number[] | null {
    try {
      const saved = JSON.parse(this.memory?.getItem(lastKBsKey) ?? 'null');
      return Array.isArray(saved) && saved.every((id) => Number.isInteger(id)) ? saved : null;
    } catch {
      return null;
    }
  }

  listen(): () => void {
    const offs = [
      this.api.on('chat:stream', (ev) => this.onStream(ev)),
      this.api.on('chats:changed', () => void this.loadList()),
      this.api.onReconnect(() => {
        void this.loadList();
        if (this.current) void this.open(this.current.id);
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  async load(): Promise<void> {
    await this.loadList();
  }

  async loadList(): Promise<void> {
    const seq = ++this.seq;
    try {
      const list = await this.api.Chats.List(this.query);
      if (seq !== this.seq) return;
      this.list = list;
      // The backend names a chat after its first question, and another
      // window may rename or pin it: the open chat follows.
      const listed = list.find((c) => c.id === this.current?.id);
      if (listed && this.current) {
        this.current.title = listed.title;
        this.current.pinned = listed.pinned;
      }
    } catch (err) {
      if (seq === this.seq) this.problem = toApiError(err).problem;
    }
  }

  setQuery(query: string): void {
    this.query = query;
    void this.loadList();
  }

  async open(id: number): Promise<void> {
    await this.act(async () => {
      const chat = await this.api.Chats.Get(id);
      chat.turns ??= [];
      this.applyStreamed(chat);
      if (this.current?.id !== id) this.selection = null;
      this.current = chat;
    });
  }

  /** Starts a chat, over the given knowledge bases, and opens it. */
  async create(kbIds: number[] = this.draftKBIds, settings: Partial<ChatSettings> = {}): Promise<Chat | null> {
    let created: Chat | null = null;
    await this.act(async () => {
      // The backend gives the chat its id and times; these are Go's zero values.
      created = await this.api.Chats.Create({
        id: 0,
        title: '',
        kbIds,
        settings: { model: '', numCtx: 0, sources: 0, ...settings },
        pinned: false,
        createdAt: goZeroTime,
        updatedAt: goZeroTime,
      });
      created.turns = [];
      this.current = created;
      this.selection = null;
    });
    return created;
  }

  /** Sends a question in the open chat, creating one if none is open. */
  async ask(question: string, documents: string[] = []): Promise<boolean> {
    const text = question.trim();
    if (!text) return false;
    let ok = false;
    await this.act(async () => {
      const chat = this.current ?? (await this.create());
      if (!chat) return;
      const turn = await this.api.Chats.Ask({ chatId: chat.id, question: text, ...(documents.length ? { documents } : {}) });
      this.addTurn(turn);
      ok = true;
    });
    return ok;
  }

  async stop(): Promise<void> {
    if (this.current) await this.act(() => this.api.Chats.Stop(this.current!.id));
  }

  async regenerate(turnId: number): Promise<void> {
    await this.act(async () => {
      const answer = await this.api.Chats.Regenerate(turnId);
      this.updateTurn(turnId, (t) => {
        if (!t.answers.some((a) => a.id === answer.id)) t.answers.push(answer);
        t.chosen = answer.id;
      });
    });
  }

  /** Replaces a question and everything after it, and answers it again. */
  async edit(turnId: number, question: string): Promise<void> {
    if (!question.trim() || !this.current) return;
    await this.act(async () => {
      const turn = await this.api.Chats.Edit(turnId, question);
      const turns = this.current!.turns ?? [];
      const at = turns.findIndex((t) => t.id === turnId);
      this.current!.turns = [...turns.slice(0, at < 0 ? turns.length : at), turn];
    });
  }

  /** Shows the previous (-1) or next (+1) alternative answer and keeps it. */
  async flip(turnId: number, delta: number): Promise<void> {
    const turn = this.current?.turns?.find((t) => t.id === turnId);
    if (!turn) return;
    const shown = shownAnswer(turn);
    const index = turn.answers.findIndex((a) => a.id === shown?.id);
    const next = turn.answers[index + delta];
    if (!next) return;
    this.updateTurn(turnId, (t) => (t.chosen = next.id));
    await this.act(() => this.api.Chats.Choose(turnId, next.id));
  }

  async rate(answer: Answer, rating: number): Promise<void> {
    const value = answer.rating === rating ? 0 : rating;
    await this.act(async () => {
      await this.api.Chats.Rate(answer.id, value);
      this.updateAnswer(answer.id, (a) => (a.rating = value));
    });
  }

  async update(change: Partial<Pick<Chat, 'title' | 'kbIds' | 'settings' | 'pinned'>>, chat = this.current): Promise<void> {
    if (!chat) return;
    await this.act(async () => {
      const updated = await this.api.Chats.Update({ ...chat, ...change, turns: undefined });
      if (this.current?.id === updated.id) this.current = { ...updated, turns: updated.turns ?? [] };
      await this.loadList();
    });
  }

  async remove(id: number): Promise<void> {
    await this.act(async () => {
      await this.api.Chats.Delete(id);
      if (this.current?.id === id) {
        this.current = null;
        this.selection = null;
      }
      await this.loadList();
    });
  }

  /** Exports the open chat: saved with the desktop's dialog, or downloaded in a browser. */
  async exportAs(format: 'md' | 'json'): Promise<void> {
    const chat = this.current;
    if (!chat) return;
    await this.act(async () => {
      if (this.api.transport === 'wails') {
        await this.api.Chats.SaveExport(chat.id, format);
        return;
      }
      const file = await this.api.Chats.Export(chat.id, format);
      const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
  }

  /** The knowledge bases the open chat, or the next one, answers from. */
  get kbIds(): number[] {
    return this.current ? this.current.kbIds : this.draftKBIds;
  }

  /** Chooses the knowledge bases of the open chat, or the next; the next new chat starts with the same. */
  async setKBs(kbIds: number[]): Promise<void> {
    this.memory?.setItem(lastKBsKey, JSON.stringify(kbIds));
    if (this.current) await this.update({ kbIds });
    else this.draftChoice = kbIds;
  }

  /** Closes the open chat; the next question starts a new one, over kbIds when given. */
  startNew(kbIds?: number[]): void {
    this.current = null;
    this.selection = null;
    this.draftChoice = kbIds ? [...kbIds] : null;
  }

  select(turnId: number, answerId: number, source: number | null = null, panel: PanelTab = 'sources'): void {
    this.selection = { turnId, answerId, source };
    this.panel = panel;
  }

  closePanel(): void {
    this.selection = null;
  }

  /** The answer the side panel shows. */
  get selectedAnswer(): Answer | undefined {
    const s = this.selection;
    if (!s) return undefined;
    return this.current?.turns?.find((t) => t.id === s.turnId)?.answers.find((a) => a.id === s.answerId);
  }

  async openSource(source: Source): Promise<void> {
    await this.act(() => this.api.Search.OpenFile(source.path, source.page));
  }

  async revealSource(source: Source): Promise<void> {
    await this.act(() => this.api.Search.RevealFile(source.path));
  }

  openLink(url: string): void {
    this.api.openExternal(url);
  }

  private applyStreamed(chat: Chat): void {
    for (const turn of chat.turns ?? []) {
      turn.answers = turn.answers.map((a) => {
        const ev = this.streamed.get(a.id);
        if (!ev || a.status !== 'streaming') return a;
        if (ev.answer) return ev.answer;
        return ev.content.length > a.content.length ? { ...a, content: ev.content } : a;
      });
    }
  }

  onStream(ev: ChatStream): void {
    this.streamed.set(ev.answerId, ev);
    if (this.streamed.size > 100) this.streamed.delete(this.streamed.keys().next().value!);
    if (ev.phase === 'done') {
      const next = { ...this.progress };
      delete next[ev.answerId];
      this.progress = next;
    } else {
      this.progress = { ...this.progress, [ev.answerId]: { phase: ev.phase, step: ev.step, steps: ev.steps } };
    }
    if (this.current?.id !== ev.chatId) return;
    const turn = this.current.turns?.find((t) => t.id === ev.turnId);
    if (!turn) {
      // Asked from another window or the command line: catch up.
      void this.open(ev.chatId);
      return;
    }
    const known = turn.answers.some((a) => a.id === ev.answerId);
    if (!known && !ev.answer) {
      void this.open(ev.chatId);
      return;
    }
    this.updateTurn(ev.turnId, (t) => {
      if (ev.answer) {
        const at = t.answers.findIndex((a) => a.id === ev.answerId);
        if (at < 0) t.answers.push(ev.answer);
        else t.answers[at] = ev.answer;
        return;
      }
      const a = t.answers.find((x) => x.id === ev.answerId)!;
      // Events may arrive out of order; never go back to shorter text.
      if (ev.content.length >= a.content.length) a.content = ev.content;
    });
  }

  private addTurn(turn: Turn): void {
    if (!this.current) return;
    const turns = this.current.turns ?? [];
    if (!turns.some((t) => t.id === turn.id)) this.current.turns = [...turns, turn];
  }

  private updateTurn(turnId: number, change: (t: Turn) => void): void {
    const turn = this.current?.turns?.find((t) => t.id === turnId);
    if (turn) change(turn);
  }

  private updateAnswer(answerId: number, change: (a: Answer) => void): void {
    for (const t of this.current?.turns ?? []) {
      const a = t.answers.find((x) => x.id === answerId);
      if (a) change(a);
    }
  }

  private async act(action: () => Promise<unknown>): Promise<void> {
    this.problem = await attempt(action);
  }
}
