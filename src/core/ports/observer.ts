/** What the core reports for metrics and logs (no PII: case ids, command names, outcomes). */
export interface Observer {
  commandRun(command: string, ok: boolean, code: string | undefined, caseId: number | null): void;
  stageFired(kind: string, stage: string, caseId: number, late: boolean): void;
}
