/**
 * Server memory while a 1 GiB attachment is uploaded: the API process's resident memory (VmRSS)
 * before, during (sampled peak) and after, and the kernel's high-water mark (VmHWM), read from
 * /proc/<pid>/status. Target: growth under ~64 MiB, i.e. memory independent of the file size.
 * The ciphertext is produced by core/crypto's streaming encryption while it is sent, as the
 * browser does, in the server's chunk size, through the resumable upload API.
 * Run: source .data/services.env && npx tsx bench/uploadMemory.bench.ts [MiB, default 1024]
 * Uses a private FerretDB (its files are deleted at the end). Prints figures, asserts nothing.
 */
import fs from 'node:fs';
import http from 'node:http';
import { encryptAttachment, encryptedAttachmentSize, newContentId, sealFileMeta } from '../core/crypto';
import { createTestDeployment } from '../tests/support/deployment';
import { freePort, spawnLogged, startPrivateFerret } from '../tests/support/processes';
import { buildReport, caseAuthHeader, submit } from '../tests/support/reporterClient';
import { REDIS_URL, ROOT, uniqueName } from '../tests/support/testEnv';

const MIB = 1024 * 1024;
const PLAIN_BYTES = Number(process.argv[2] ?? 1024) * MIB - 1; // 1 GiB − 1 pads to exactly the 1 GiB bucket

function memory(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function request(port: number, method: string, path: string, auth: string, body?: Buffer | string, type = 'application/json'): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: auth };
    if (body !== undefined) Object.assign(headers, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Zero bytes, `size` of them, in 1 MiB pieces (the content does not matter: the ciphertext is random). */
function zeros(size: number): ReadableStream<Uint8Array> {
  let left = size;
  return new ReadableStream({
    pull(controller) {
      const n = Math.min(MIB, left);
      left -= n;
      controller.enqueue(new Uint8Array(n));
      if (left === 0) controller.close();
    },
  });
}

async function main() {
  const deployment = await createTestDeployment();
  const ferret = await startPrivateFerret();
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    MONGODB_URI: ferret.uri,
    REDIS_URL,
    QUEUE_PREFIX: uniqueName('benchq'),
    POW_DIFFICULTY: '0',
    LOG_LEVEL: 'warn',
    MAX_FILE_BYTES: String(4 * 1024 * MIB),
    MAX_CASE_BYTES: String(4 * 1024 * MIB),
    ...deployment.env,
  };
  // node --import tsx (not the tsx wrapper), so the pid measured is the API process itself.
  const server = spawnLogged(process.execPath, ['--import', 'tsx', 'server/main.ts'], env, ROOT);
  try {
    await server.waitFor('READY http://');
    const pid = server.child.pid!;
    const report = buildReport(deployment, { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] }, 'big file follows', { fast: true, attachments: 1 });
    const submitted = await submit(`http://127.0.0.1:${port}`, report);
    if (submitted.status !== 201) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const { secrets } = report;
    const auth = caseAuthHeader(secrets);
    const size = encryptedAttachmentSize(PLAIN_BYTES);
    const contentId = newContentId();
    const meta = sealFileMeta(secrets.dek, secrets.caseToken, contentId, JSON.stringify({ name: 'big.bin', type: 'application/octet-stream', size: PLAIN_BYTES }));
    const { chunkBytes } = (await (await fetch(`http://127.0.0.1:${port}/api/policy`)).json()).uploads;
    const started = await request(port, 'POST', '/api/reports/uploads', auth, JSON.stringify({ size, chunkCount: Math.ceil(size / chunkBytes), contentId, meta }));
    if (started.status !== 201) throw new Error(`start: ${started.status} ${JSON.stringify(started.json)}`);
    const { uploadId, chunkSize } = started.json;

    const before = memory(pid);
    let peak = before.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, memory(pid).rss)), 100);
    const t0 = performance.now();
    const reader = encryptAttachment(secrets.dek, secrets.caseToken, contentId, zeros(PLAIN_BYTES)).getReader();
    let buffer = Buffer.alloc(0);
    let index = 0;
    const flush = async (piece: Buffer) => {
      const put = await request(port, 'PUT', `/api/reports/uploads/${uploadId}/chunks/${index}`, auth, piece, 'application/octet-stream');
      if (put.status !== 200) throw new Error(`chunk ${index}: ${put.status} ${JSON.stringify(put.json)}`);
      index += 1;
      if (index % 128 === 0) process.stdout.write(`  ${((index * chunkSize) / MIB).toFixed(0)} MiB sent, server RSS ${memory(pid).rss.toFixed(0)} MiB\n`);
    };
    for (;;) {
      const { done, value } = await reader.read();
      if (value) buffer = Buffer.concat([buffer, value]);
      while (buffer.length >= chunkSize) {
        await flush(buffer.subarray(0, chunkSize));
        buffer = buffer.subarray(chunkSize);
      }
      if (done) break;
    }
    if (buffer.length) await flush(buffer);
    const completed = await request(port, 'POST', `/api/reports/uploads/${uploadId}/complete`, auth);
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const after = memory(pid);
    peak = Math.max(peak, after.rss);

    console.log(`\nupload of ${(size / MIB).toFixed(1)} MiB of ciphertext in ${index} chunks of ${(chunkSize / MIB).toFixed(1)} MiB → ${completed.status} in ${seconds.toFixed(1)} s (${(size / MIB / seconds).toFixed(1)} MiB/s), FerretDB 1.24`);
    console.log(`  API process ${pid}: RSS before ${before.rss.toFixed(1)} MiB, peak ${peak.toFixed(1)} MiB (sampled every 100 ms), after ${after.rss.toFixed(1)} MiB`);
    console.log(`  growth: peak − before = ${(peak - before.rss).toFixed(1)} MiB (target < 64 MiB); after − before = ${(after.rss - before.rss).toFixed(1)} MiB`);
    console.log(`  VmHWM (kernel high-water mark): ${before.hwm.toFixed(1)} MiB before the upload, ${after.hwm.toFixed(1)} MiB after`);
  } finally {
    agent.destroy();
    await server.stop();
    await ferret.stop();
    fs.rmSync(ferret.dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
