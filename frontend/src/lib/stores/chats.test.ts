import { describe, expect, it } from 'vitest';
import type { Answer, Chat, ChatStream, Turn } from '../api';
import { fakeApi } from '../testing/fakes';
import { ChatsStore, shownAnswer } from './chats.svelte';

function answer(over: Partial<Answer> = {}): Answer {
  return { id: 10, turnId: 1, content: '', status: 'streaming', model: 'm', sources: [], rating: 0, createdAt: '', ...over };
}

function turn(over: Partial<Turn> = {}): Turn {
  return { id: 1, chatId: 7, question: 'q', answers: [answer()], chosen: 10, createdAt: '', ...over };
}

function chat(over: Partial<Chat> = {}): Chat {
  return { id: 7, title: 't', kbIds: [], settings: { model: '', numCtx: 0, sources: 0 }, pinned: false, createdAt: '', updatedAt: '', turns: [], ...over };
}

function stream(over: Partial<ChatStream> = {}): ChatStream {
  return { chatId: 7, turnId: 1, answerId: 10, content: '', status: 'streaming', phase: 'generating', ...over };
}

describe('ChatsStore', () => {
  it('asks in a new chat over the knowledge bases chosen before it existed', async () => {
    const { api, transport } = fakeApi();
    transport.on('Chats.Create', (c) => chat({ kbIds: (c as Chat).kbIds }));
    transport.on('Chats.Ask', () => turn());
    const store = new ChatsStore(api);
    await store.setKBs([3]);
    expect(await store.ask('  兵马俑在哪里？ ')).toBe(true);
    expect(transport.calls.map((c) => c.method)).toEqual(['Create', 'Ask']);
    expect((transport.calls[0].args[0] as Chat).kbIds).toEqual([3]);
    expect(transport.calls[1].args[0]).toEqual({ chatId: 7, question: '兵马俑在哪里？' });
    expect(store.current?.turns).toHaveLength(1);
    expect(store.busy).toBe(true);
  });

  it('starts a new chat on every knowledge base, or on the set chosen last', async () => {
    const { api, transport } = fakeApi();
    transport.on('Chats.Create', (c) => chat({ kbIds: (c as Chat).kbIds }));
    transport.on('Chats.Ask', () => turn());
    let kbs = [1, 2, 3];
    const saved = new Map<string, string>();
    const memory = { getItem: (k: string) => saved.get(k) ?? null, setItem: (k: string, v: string) => void saved.set(k, v) };
    const store = new ChatsStore(api, () => kbs, memory);
    expect(store.kbIds).toEqual([1, 2, 3]);
    expect(store.usesAllKBs).toBe(true);
    await store.ask('第一个问题');
    expect((transport.calls[0].args[0] as Chat).kbIds).toEqual([1, 2, 3]);

    // A set chosen once is the next chat's, in this run and the next.
    await store.setKBs([2]);
    store.startNew();
    expect(store.kbIds).toEqual([2]);
    expect(new ChatsStore(api, () => kbs, memory).kbIds).toEqual([2]);
    expect(store.usesAllKBs).toBe(false);

    // Once that knowledge base is gone, every remaining one is used.
    kbs = [1, 3];
    expect(store.kbIds).toEqual([1, 3]);

    // A plain chat chosen on purpose stays plain.
    await store.setKBs([]);
    store.startNew();
    expect(store.kbIds).toEqual([]);
  });

  it('follows streamed text, never going back, and settles with the whole answer', async () => {
    const { api, transport } = fakeApi();
    transport.on('Chats.Get', () => chat({ turns: [turn()] }));
    const store = new ChatsStore(api);
    store.listen();
    await store.open(7);
    transport.emit('chat:stream', stream({ phase: 'retrieving' }));
    expect(store.progress[10]).toEqual({ phase: 'retrieving', step: undefined, steps: undefined });
    transport.emit('chat:stream', stream({ content: 'Hello wor' }));
    transport.emit('chat:stream', stream({ content: 'Hello' })); // late, shorter
    expect(store.current?.turns?.[0].answers[0].content).toBe('Hello wor');
    const done = answer({ content: 'Hello world [1]', status: 'done', sources: [] });
    transport.emit('chat:stream', stream({ phase: 'done', status: 'done', content: done.content, answer: done }));
    expect(store.current?.turns?.[0].answers[0]).toEqual(done);
    expect(store.progress[10]).toBeUndefined();
    expect(store.busy).toBe(false);
  });

  it('reloads the chat when an answer it does not know streams in', async () => {
    const { api, transport } = fakeApi();
    let gets = 0;
    transport.on('Chats.Get', () => (gets++, chat({ turns: [turn()] })));
    const store = new ChatsStore(api);
    store.listen();
    await store.open(7);
    transport.emit('chat:stream', stream({ turnId: 2, answerId: 11 }));
    await Promise.resolve();
    expect(gets).toBe(2);
    transport.emit('chat:stream', stream({ chatId: 99 })); // another chat: ignored
    expect(gets).toBe(2);
  });

  it('keeps a settled answer when a reload started earlier lands after it', async () => {
    const { api, transport } = fakeApi();
    let respond: (c: Chat) => void = () => {};
    transport.on('Chats.Get', () => new Promise<Chat>((r) => (respond = r)));
    const store = new ChatsStore(api);
    store.listen();
    store.current = chat({ turns: [turn()] });
    // An unknown answer streams in: the chat reloads…
    transport.emit('chat:stream', stream({ answerId: 11, content: 'Hel' }));
    // …and the answer settles before the reload's reply arrives.
    const done = answer({ id: 11, content: 'Hello', status: 'done' });
    transport.emit('chat:stream', stream({ answerId: 11, phase: 'done', status: 'done', content: 'Hello', answer: done }));
    respond(chat({ turns: [turn({ answers: [answer(), answer({ id: 11, content: 'He' })], chosen: 11 })] }));
    await new Promise((r) => setTimeout(r));
    expect(store.current?.turns?.[0].answers[1]).toEqual(done);
    expect(store.busy).toBe(true); // answer 10 of the fixture still streams
  });

  it('flips through alternatives and remembers the choice', async () => {
    const { api, transport } = fakeApi();
    const t = turn({ answers: [answer({ id: 10, status: 'done' }), answer({ id: 11, status: 'done' })], chosen: 11 });
    transport.on('Chats.Get', () => chat({ turns: [t] }));
    transport.on('Chats.Choose', () => null);
    const store = new ChatsStore(api);
    await store.open(7);
    await store.flip(1, -1);
    expect(shownAnswer(store.current!.turns![0])?.id).toBe(10);
    expect(transport.calls.at(-1)).toEqual({ service: 'Chats', method: 'Choose', args: [1, 10] });
    await store.flip(1, -1); // nothing before the first
    expect(transport.calls.filter((c) => c.method === 'Choose')).toHaveLength(1);
  });

  it('toggles a rating off when pressed again', async () => {
    const { api, transport } = fakeApi();
    transport.on('Chats.Get', () => chat({ turns: [turn({ answers: [answer({ status: 'done', rating: 1 })] })] }));
    transport.on('Chats.Rate', () => null);
    const store = new ChatsStore(api);
    await store.open(7);
    await store.rate(store.current!.turns![0].answers[0], 1);
    expect(transport.calls.at(-1)?.args).toEqual([10, 0]);
    expect(store.current!.turns![0].answers[0].rating).toBe(0);
  });

  it('keeps the question when asking fails, and shows why', async () => {
    const { api, transport } = fakeApi();
    transport.on('Chats.Create', () => chat());
    transport.on('Chats.Ask', () => {
      throw { code: 'chat.busy', message: { en: 'An answer is still being written' } };
    });
    const store = new ChatsStore(api);
    expect(await store.ask('q')).toBe(false);
    expect(store.problem?.code).toBe('chat.busy');
  });

  it('edits a question, dropping the turns after it', async () => {
    const { api, transport } = fakeApi();
    transport.on('Chats.Get', () => chat({ turns: [turn({ id: 1 }), turn({ id: 2 }), turn({ id: 3 })] }));
    transport.on('Chats.Edit', () => turn({ id: 4, question: 'new' }));
    const store = new ChatsStore(api);
    await store.open(7);
    await store.edit(2, 'new');
    expect(store.current!.turns!.map((t) => t.id)).toEqual([1, 4]);
  });
});
