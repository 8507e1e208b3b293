import { randomBytes } from 'node:crypto';
import { signBody } from '@coursesync/core';
import { biology101 } from '@coursesync/core/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Answer, biology101Revised, Sender } from './deliveries';
import { freePort, type RunningExample, startExample } from './example-process';

const SECRET = `e2e-secret-${randomBytes(12).toString('hex')}`;
const OLD_SECRET = `e2e-old-secret-${randomBytes(12).toString('hex')}`;
const WRONG_SECRET = `e2e-wrong-secret-${randomBytes(12).toString('hex')}`;

/**
 * Starts `pnpm <script>` with `SPARK_WEBHOOK_SECRET=old,new`, debug logs and `storageEnv()`, then: Biology 101
 * and its revised resend, a delivery signed with the old secret, 401s, `/healthz`, the logs, and SIGTERM with
 * a delivery in flight. Returns the quest ids it saw (filled in as the tests run).
 */
export function describeDeliveries(script: string, storageEnv: () => Record<string, string>): string[] {
  const questIds: string[] = [];
  let server: RunningExample;
  let sender: Sender;
  const answers: Answer[] = [];
  const deliver = async (payload: object, secret: string) => remember(await sender.deliver(payload, secret));
  const remember = (answer: Answer) => {
    answers.push(answer);
    return answer;
  };

  beforeAll(async () => {
    server = await startExample(script, {
      PORT: String(await freePort()),
      SPARK_WEBHOOK_SECRET: `${OLD_SECRET},${SECRET}`,
      LOG_LEVEL: 'debug',
      ...storageEnv(),
    });
    sender = new Sender(server.url);
  });
  afterAll(() => server?.kill());

  it("syncs the guide's Biology 101 (task_count 3), then a retitled resend with a fourth assignment updates the same quest", async () => {
    const first = await deliver(biology101, SECRET);
    expect(first).toEqual({
      status: 200,
      body: expect.objectContaining({ success: true, task_count: 3, created: true, tasks_created: 3 }),
    });
    questIds.push(String(first.body.quest_id));

    const second = await deliver(biology101Revised, SECRET);
    expect(second).toEqual({
      status: 200,
      body: expect.objectContaining({
        success: true,
        quest_id: first.body.quest_id,
        task_count: 4,
        created: false,
        tasks_created: 1,
        message: "Quest 'Biology 101: Cells and Life' synced successfully",
      }),
    });
  });

  it('secret-rotation: a delivery signed with the old secret of SPARK_WEBHOOK_SECRET=old,new still syncs', async () => {
    const answer = await deliver(biology101, OLD_SECRET);
    expect(answer).toEqual({ status: 200, body: expect.objectContaining({ quest_id: questIds[0], task_count: 4 }) });
  });

  it('rejects a delivery without a signature, or signed with another secret, with 401', async () => {
    const body = JSON.stringify(biology101);
    const missing = remember(await sender.post(body, { 'content-type': 'application/json' }));
    expect(missing).toEqual({ status: 401, body: { error: 'Missing signature', code: 'MISSING_SIGNATURE' } });
    for (const forged of [await sender.deliver(biology101, WRONG_SECRET), await forgedUpperCase(sender, body)]) {
      expect(remember(forged)).toEqual({ status: 401, body: { error: 'Invalid signature', code: 'INVALID_SIGNATURE' } });
    }
  });

  it('answers GET /healthz with 200 {"status":"ok"}', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('logs-never-contain-secret-or-signature: debug logs have one line per delivery and neither secret nor signature', async () => {
    const output = server.output();
    const deliveryLines = output.split('\n').filter((line) => line.includes('"event":"course_sync"'));
    expect(deliveryLines).toHaveLength(answers.length);
    for (const secret of [SECRET, OLD_SECRET, WRONG_SECRET]) expect(output).not.toContain(secret);
    expect(sender.signaturesSent).toHaveLength(answers.length - 1); // all but the unsigned one
    for (const signature of sender.signaturesSent) {
      expect(output.toLowerCase()).not.toContain(signature.toLowerCase().replace(/^sha256=/, ''));
    }
  });

  it('graceful-shutdown: on SIGTERM a delivery in flight still gets its 200, then the process exits 0', async () => {
    const inFlight = sender.startDelivery(biology101Revised, SECRET);
    await inFlight.accepted;
    process.kill(server.serverPid, 'SIGTERM');
    await server.waitForOutput(/"msg":"shutting down"/);
    const answer = await inFlight.finish();
    expect(answer).toEqual({ status: 200, body: expect.objectContaining({ quest_id: questIds[0], task_count: 4 }) });
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  return questIds;
}

/** A `sha256=`-prefixed, upper-case signature computed with the wrong secret. */
function forgedUpperCase(sender: Sender, body: string): Promise<Answer> {
  return sender.post(body, {
    'content-type': 'application/json',
    'x-spark-signature': `sha256=${signBody(body, WRONG_SECRET).toUpperCase()}`,
  });
}
