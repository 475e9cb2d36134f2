/** Runs one benchmark group and prints its figures as one JSON line (bench/run.ts runs each in its own process). */
export {};
const name = process.argv[2];
const quick = process.argv.includes('--quick');
let out: Record<string, unknown>;
switch (name) {
  case 'slack': {
    const { benchSlackAck } = await import('./slack-ack.ts');
    // from a cold start (no warm-up): the first burst is where the tail showed up
    const r = await benchSlackAck({ requests: quick ? 500 : 5000, concurrency: 50, warmup: 0 });
    out = {
      ack_p50_ms: r.front_end.p50_ms,
      ack_p99_ms: r.front_end.p99_ms,
      ack_p99_ratio_vs_bare_bolt: r.ratio_p99,
      acks_over_3s: r.front_end.over_3s,
      ack_errors: r.front_end.errors,
      acks_deferred: r.front_end.deferred,
      bare_bolt_p50_ms: r.bare_bolt.p50_ms,
      bare_bolt_p99_ms: r.bare_bolt.p99_ms,
      ack_requests: r.front_end.requests,
    };
    // a realistic load next to the saturated one: a steady 20 requests a second (30 s of them), after a short warm-up
    const paced = await benchSlackAck({ requests: quick ? 200 : 600, warmup: 20, rate: 20 });
    Object.assign(out, {
      ack_p99_ms_at_20_rps: paced.front_end.p99_ms,
      bare_bolt_p99_ms_at_20_rps: paced.bare_bolt.p99_ms,
      ack_p99_ratio_at_20_rps: paced.ratio_p99,
      acks_over_3s_at_20_rps: paced.front_end.over_3s,
    });
    break;
  }
  case 'api': {
    const { benchApi } = await import('./api.ts');
    out = await benchApi(quick ? 200 : 1000);
    break;
  }
  case 'open': {
    const { benchOpenCases } = await import('./core.ts');
    out = await benchOpenCases(quick ? 200 : 1000);
    break;
  }
  case 'burst': {
    const { benchBurst } = await import('./core.ts');
    out = await benchBurst(1000);
    break;
  }
  case 'scale': {
    const { benchScale } = await import('./core.ts');
    out = await benchScale(quick ? 10_000 : 100_000);
    break;
  }
  case 'drill': {
    const { benchDrill } = await import('./drill-1000.ts');
    out = await benchDrill(quick ? 100 : 1000);
    break;
  }
  case 'board': {
    const { benchBoard } = await import('./board.ts');
    out = await benchBoard({ cases: quick ? 2000 : 10_000, clients: 200, changes: quick ? 10 : 30 });
    break;
  }
  case 'cold': {
    const { benchColdStart } = await import('./cold-start.ts');
    out = await benchColdStart(3);
    break;
  }
  case 'form': {
    const { benchForm } = await import('./form.ts');
    out = await benchForm(quick ? 5 : 20);
    break;
  }
  case 'pg': {
    const { benchPg } = await import('./pg.ts');
    out = await benchPg({ quick });
    break;
  }
  default:
    throw new Error(`unknown benchmark ${name}`);
}
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
