// A stand-in for Ollama that answers every chat with a script the test
// chooses, so the browser tests can put exact text, payloads included, in
// a model's mouth. It speaks the few endpoints Zhiku uses and records every
// request, so a test can prove nothing else was fetched from it.
import { createServer } from 'node:http';

export async function startScriptedOllama({ model = 'scripted', answer = 'ok', contextLength = 4096, pullable = [] } = {}) {
  const requests = [];
  const state = { answer };
  // Models that are not installed until the test pulls them.
  const installed = new Set([model]);
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    requests.push({ method: req.method, path: req.url, body });
    const json = (status, value) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    switch (`${req.method} ${req.url}`) {
      case 'GET /':
      case 'HEAD /':
        res.end('Ollama is running');
        return;
      case 'GET /api/version':
        return json(200, { version: '0.17.4' });
      case 'GET /api/tags':
        return json(200, {
          models: [...installed].map((name) => ({ name, model: name, size: 400_000_000, digest: 'x', details: { family: 'llama', parameter_size: '1M', quantization_level: 'Q4_K_M' } })),
        });
      case 'GET /api/ps':
        return json(200, { models: [] });
      case 'POST /api/pull': {
        const name = JSON.parse(body).model;
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
        if (!pullable.includes(name)) {
          res.end(JSON.stringify({ error: 'pull model manifest: file does not exist' }) + '\n');
          return;
        }
        for (let done = 0; done <= 100; done += 20) {
          res.write(JSON.stringify({ status: 'pulling 1a2b3c', digest: 'sha256:1a2b3c', total: 100, completed: done }) + '\n');
          await new Promise((r) => setTimeout(r, 150));
        }
        installed.add(name);
        res.end(JSON.stringify({ status: 'success' }) + '\n');
        return;
      }
      case 'POST /api/show':
        if (!installed.has(JSON.parse(body).model)) return json(404, { error: `model '${JSON.parse(body).model}' not found` });
        return json(200, {
          details: { family: 'llama', parameter_size: '1M', quantization_level: 'F32' },
          model_info: {
            'general.architecture': 'llama',
            'llama.context_length': contextLength,
            'llama.block_count': 2,
            'llama.embedding_length': 64,
            'llama.attention.head_count': 4,
            'llama.attention.head_count_kv': 4,
          },
          capabilities: ['completion'],
        });
      case 'POST /api/chat': {
        const request = JSON.parse(body);
        const prompt = request.messages.map((m) => m.content).join('\n');
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
        const final = { model, done: true, done_reason: 'stop', prompt_eval_count: Math.ceil(prompt.length / 2), eval_count: 5 };
        if (request.options?.num_predict === 1) {
          res.end(JSON.stringify({ ...final, message: { role: 'assistant', content: '' } }) + '\n');
          return;
        }
        // The answer arrives in small pieces, as a model streams it; a
        // script that is a function answers each prompt in its own way.
        const answer = typeof state.answer === 'function' ? state.answer(prompt) : state.answer;
        for (let i = 0; i < answer.length; i += 12) {
          res.write(JSON.stringify({ model, message: { role: 'assistant', content: answer.slice(i, i + 12) }, done: false }) + '\n');
          await new Promise((r) => setTimeout(r, 5));
        }
        res.end(JSON.stringify({ ...final, message: { role: 'assistant', content: '' } }) + '\n');
        return;
      }
      default:
        return json(404, { error: `not scripted: ${req.method} ${req.url}` });
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    host: `127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    setAnswer: (text) => (state.answer = text),
    close: () => new Promise((r) => server.close(r)),
  };
}

/** Calls a service method of a running `zhiku serve`, as the UI does. */
export async function callService(baseUrl, service, method, args = []) {
  const res = await fetch(`${baseUrl}/api/call/${service}/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  const value = await res.json();
  if (!res.ok) throw new Error(`${service}.${method}: ${JSON.stringify(value)}`);
  return value;
}
