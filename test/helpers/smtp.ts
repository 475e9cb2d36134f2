/**
 * A real SMTP server in process (the `smtp-server` package) that keeps what arrives, parsed with `mailparser`.
 * It can be told to refuse: answer 421 at connect, 451 after DATA, or 550 for the recipient.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export type SmtpMode = 'ok' | '421' | '451' | '550';

export interface Received {
  raw: Buffer;
  parsed: ParsedMail;
  rcpt: string[];
}

export interface TestSmtp {
  port: number;
  url: string;
  received: Received[];
  /** how many sessions were refused (any mode but ok) */
  refused: number;
  mode: SmtpMode;
  close(): Promise<void>;
}

const fail = (code: number, msg: string) => Object.assign(new Error(msg), { responseCode: code });

export async function startSmtp(port = 0): Promise<TestSmtp> {
  const state: TestSmtp = { port: 0, url: '', received: [], refused: 0, mode: 'ok', close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_s, cb) {
      if (state.mode === '421') {
        state.refused++;
        return cb(fail(421, 'Service not available, try again later'));
      }
      cb();
    },
    onRcptTo(addr, _s, cb) {
      if (state.mode === '550') {
        state.refused++;
        return cb(fail(550, `No such mailbox: ${addr.address}`));
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (state.mode === '451') {
          state.refused++;
          return cb(fail(451, 'Local error in processing, try again later'));
        }
        const raw = Buffer.concat(chunks);
        state.received.push({
          raw,
          parsed: await simpleParser(raw, { skipImageLinks: true }),
          rcpt: session.envelope.rcptTo.map((r) => r.address),
        });
        cb();
      });
    },
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => res());
  });
  state.port = (server.server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  state.close = () => new Promise<void>((res) => server.close(() => res()));
  return state;
}
