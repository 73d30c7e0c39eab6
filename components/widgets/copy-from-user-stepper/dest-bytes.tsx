import { STALE_BYTE, type DestState } from "./copy-steps";

// The kernel buffer `to` as rows of 16 bytes: copied user bytes, zero-filled bytes, and stale bytes not yet written.

type ByteState = "copied" | "zeroed" | "stale";

function byteState(i: number, state: DestState): ByteState {
  if (i < state.copied) return "copied";
  return state.zeroed ? "zeroed" : "stale";
}

const hex2 = (b: number) => b.toString(16).padStart(2, "0");

/** The buffer at one step; `dest` is copyFromUser's final buffer (its copied prefix is what the copy steps move). */
export function DestBytes({ dest, state }: { dest: Uint8Array; state: DestState }) {
  if (dest.length === 0) return <p className="cfu-empty">n = 0: the kernel buffer has no bytes to show.</p>;
  const rows = Array.from({ length: Math.ceil(dest.length / 16) }, (_, r) => r * 16);
  const zeroed = state.zeroed ? dest.length - state.copied : 0;
  return (
    // Sixteen bytes a row are wider than a phone: the buffer scrolls in this box, which the keyboard can focus.
    <div className="cfu-dest" role="region" tabIndex={0} aria-label="The kernel buffer to, byte by byte">
      <table className="cfu-bytes">
        <caption>
          {`to[0..${dest.length}): ${state.copied} copied, ${zeroed} zero-filled, ${dest.length - state.copied - zeroed} still stale (0x${hex2(STALE_BYTE)})`}
        </caption>
        <tbody>
          {rows.map((start) => (
            <tr key={start}>
              <th scope="row">{`+${start.toString(16).padStart(3, "0")}`}</th>
              {Array.from({ length: Math.min(16, dest.length - start) }, (_, k) => {
                const i = start + k;
                const s = byteState(i, state);
                const value = s === "copied" ? (dest[i] ?? 0) : s === "zeroed" ? 0 : STALE_BYTE;
                return (
                  <td key={i} className={`cfu-byte cfu-byte-${s}`}>
                    {hex2(value)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="cfu-legend" aria-hidden="true">
        <span className="cfu-byte cfu-byte-copied">copied</span>{" "}
        <span className="cfu-byte cfu-byte-zeroed">zero-filled</span>{" "}
        <span className="cfu-byte cfu-byte-stale">stale</span>
      </p>
    </div>
  );
}
