/**
 * How the domain's values are written in the database, and read back: the schema keeps text columns (a policy as
 * JSON, escalation reasons joined by `|`, a timeline entry's data as JSON, an outbox payload as JSON, the platforms
 * a message reached joined by `,`). Only src/db knows these encodings; the core sees objects and lists.
 */
import type { EscalationReason, MessagePayload, PolicySnapshot, TimelineData } from '../../core/domain/case.ts';

/** The policy frozen onto a case (Grafana OnCall's habit), as JSON text. */
export const encodePolicy = (p: PolicySnapshot): string => JSON.stringify(p);
export const decodePolicy = (text: string): PolicySnapshot => JSON.parse(text) as PolicySnapshot;

/** §6: the reasons a case went up, in the order they arose, `|`-joined; none is NULL. */
export const encodeReasons = (reasons: readonly EscalationReason[]): string | null => (reasons.length ? reasons.join('|') : null);
export const decodeReasons = (note: string | null): EscalationReason[] =>
  note ? (note.split('|').filter(Boolean) as EscalationReason[]) : [];

/** A timeline entry's data as JSON text; none is NULL. */
export const encodeTimelineData = (data: TimelineData | null | undefined): string | null => (data == null ? null : JSON.stringify(data));
/** Unreadable text (never written by this code) reads as no data rather than failing a case's history. */
export function decodeTimelineData(text: string | null): TimelineData | null {
  if (text == null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

export const encodePayload = (p: MessagePayload): string => JSON.stringify(p);
export const decodePayload = (text: string): MessagePayload => JSON.parse(text) as MessagePayload;

/** The platforms a message was delivered on, `,`-joined ('' for none). */
export const encodeDelivered = (platforms: readonly string[]): string => platforms.join(',');
export const decodeDelivered = (text: string | null): string[] => (text ? text.split(',') : []);
