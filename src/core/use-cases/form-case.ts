import { caseLabel } from '../domain/case.ts';
import { UserError } from '../domain/errors.ts';
import { loadCase, ok, type UseCase, type UseCaseCtx } from './use-case.ts';
import type { CaseDeadlines, CaseRows, CaseTimeline, Payments } from '../ports/store.ts';
import { DocumentWriteError } from '../ports/documents.ts';

interface FormCaseInput {
  case: number;
}

/**
 * §14: the case's handling form (客户投诉处理单) as a PDF, customer masked as in every chat post (§3). Anyone on the
 * roster may read a case (as `show`), so anyone may print its form; the archive's unmasked copy comes only from
 * `complaint-desk export --forms`. The reply carries the file: the console prints its path, Slack uploads it into
 * the case's thread, Discord attaches it to the reply.
 */
export const formCase: UseCase<FormCaseInput> = {
  run: async (
    k: UseCaseCtx<
      Pick<CaseRows, 'getCase'> & Pick<CaseDeadlines, 'deadlines'> & Pick<CaseTimeline, 'timeline'> & Pick<Payments, 'paidTotalFen'>
    >,
    v,
  ) => {
    const { tx, desk } = k;
    const c = await loadCase(k, v.case);
    const documents = desk.deps.documents;
    if (!documents) throw new UserError('err_forms_unavailable', {}, k.usage);
    const now = desk.now();
    const paidFen = c.customerKey && c.category === 'urgent_cash' ? await tx.paidTotalFen(c.customerKey) : 0;
    const data = { case: c, deadlines: await tx.deadlines(c.id), timeline: await tx.timeline(c.id), paidFen };
    // the PDF is drawn after the transaction: rendering must not hold the database for other commands
    return {
      afterCommit: async () => {
        const doc = await documents.renderForm(data, { masked: true, asOf: now }).catch((e: unknown) => {
          if (e instanceof DocumentWriteError)
            throw new UserError('err_form_not_written', { id: caseLabel(c.id), dir: e.dir, why: e.reason }, k.usage);
          throw e;
        });
        return ok(desk.t('ack_form', { id: caseLabel(c.id), path: doc.path }), c.id, {
          file: { path: doc.path, filename: doc.filename, title: desk.t('form_title', { id: caseLabel(c.id) }) },
        });
      },
    };
  },
};
