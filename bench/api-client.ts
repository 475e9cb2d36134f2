/**
 * The hotline's ticket system for bench/api.ts, in its own process (it is another machine): files N work orders
 * with C concurrent keep-alive clients, then prints the seconds it took. Args: URL TOKEN N C.
 */
export {};
const [url, token, nArg, cArg] = process.argv.slice(2);
const n = Number(nArg);
const UNITS = ['OUT-11', 'OUT-12', 'OUT-21', 'OUT-31'];
const CATEGORIES = ['atm', 'waiting', 'cutover', 'transaction'];
let next = 0;
const t = performance.now();
await Promise.all(
  Array.from({ length: Number(cArg) }, async () => {
    for (let i = next++; i < n; i = next++) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `b-${i}` },
        body: JSON.stringify({
          unit: UNITS[i % 4],
          category: CATEGORIES[i % 4],
          phone: `139${String(i).padStart(8, '0')}`,
          text: `切换故障 ${i}`,
        }),
      });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`status ${res.status}`);
    }
  }),
);
process.stdout.write(`${(performance.now() - t) / 1000}\n`);
