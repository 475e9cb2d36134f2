/**
 * Interactions → the desk's use cases. Slash-command options and modal fields become the same raw strings the
 * text grammar produces and go through `validate` (commands/), so every front end refuses the same input the
 * same way. Replies to the actor are ephemeral and answered within Discord's 3 s (deferred when slow).
 */
import { resolve } from 'node:path';
import { cardButtonValues } from '../../core/domain/case.ts';
import {
  ApplicationCommandOptionType,
  ComponentType,
  MessageFlags,
  type APIEmbed,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
} from 'discord.js';
import {
  COMMANDS,
  findCommand,
  parseCommandText,
  SLASH_COMMAND,
  validate,
  type CommandDef,
  type ParsedCommand,
} from '../../../commands/index.ts';
import type { Reply } from '../../core/use-cases/use-case.ts';
import { parseCategory } from '../../core/domain/categories.ts';
import { UserError } from '../../core/domain/errors.ts';
import { isRefusal } from '../shared/front-desk.ts';
import { maskFreeText } from '../../core/rules/masking.ts';
import { label } from '../../core/i18n/messages.ts';
import type { TMember } from '../../core/domain/roster.ts';
import type { CaseReads } from '../../core/ports/cases.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { RequestJournal } from '../../core/ports/requests.ts';
import { answerOrDefer, DEFER_AFTER_MS, DOCUMENT_COMMANDS } from '../shared/answer-or-defer.ts';
import type { FrontDesk } from '../shared/front-desk.ts';
import { replayJournal } from '../shared/journal.ts';
import { internalError } from '../shared/refusals.ts';
import { caseIdPrefix } from '../shared/text.ts';
import { DISCORD_COMMAND, MORE_SUBCOMMAND, textOptionName } from './command-json.ts';
import type { DiscordLog } from './notifier.ts';
import { DISCORD_REPLY_CHARS } from './limits.ts';
import {
  BUTTON_COMMAND,
  cardEmbed,
  clip,
  escalateModal,
  isIntake,
  newCaseModal,
  parseCustomId,
  resolveModal,
  textBodies,
  type NewModalPreset,
} from './render.ts';

type Repliable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;
type ReplyBody = { content?: string; embeds?: APIEmbed[]; files?: { attachment: string; name: string; description?: string }[] };

export interface InteractionDeps {
  desk: FrontDesk;
  clock: Clock;
  /** commands deferred ("thinking…") are journalled here and replayed after a crash */
  journal: Pick<RequestJournal, 'journalRequest' | 'pendingRequests' | 'forgetRequest'>;
  /** the case picker's choices (autocomplete) */
  cases: Pick<CaseReads, 'caseChoices'>;
  /** wakes the outbox sender after a command wrote messages */
  poke?: () => void;
  log: DiscordLog;
  /** Defer (ephemeral "thinking…") when the work has not finished after this long. Default 1500 ms. */
  deferAfterMs?: number;
}

export class DiscordInteractions {
  constructor(private readonly d: InteractionDeps) {}

  private get desk() {
    return this.d.desk;
  }
  private get roster() {
    return this.d.desk.roster;
  }
  private get locale() {
    return this.desk.ctx.locale;
  }

  /** Entry point for `Events.InteractionCreate`; never throws. */
  async handle(i: Interaction): Promise<void> {
    try {
      if (i.isAutocomplete()) return await this.autocomplete(i);
      if (i.isChatInputCommand()) {
        if (i.commandName !== DISCORD_COMMAND) return;
        return await this.withActor(i, (actor) => this.chatInput(i, actor));
      }
      if (i.isButton() || i.isModalSubmit()) {
        const parsed = parseCustomId(i.customId);
        if (!parsed) return;
        return await this.withActor(i, async (actor) => {
          if (i.isButton() && parsed.kind === 'button') return this.button(i, actor, parsed.action, parsed.caseId);
          if (i.isModalSubmit()) return this.modal(i, actor, parsed);
        });
      }
    } catch (e) {
      this.d.log.error({ err: e, interaction: i.id }, 'interaction failed');
      if (i.isRepliable() && !i.replied && !i.deferred) {
        await i.reply({ content: internalError(this.locale), flags: MessageFlags.Ephemeral }).catch(() => {});
      }
    }
  }

  /** §9: members are matched by their roster `discord` id; anyone else is refused politely. */
  private async withActor(i: Repliable, fn: (actor: TMember) => Promise<void>): Promise<void> {
    const actor = this.roster.memberByDiscord(i.user.id);
    if (!actor) return this.replyNow(i, this.desk.refuse(new UserError('err_not_in_roster', { who: `@${i.user.username}` })));
    return fn(actor);
  }

  // ------------------------------------------------------------------------------------------- slash commands

  private async chatInput(i: ChatInputCommandInteraction, actor: TMember): Promise<void> {
    const name = i.options.getSubcommand(false) ?? '';
    // the commands beyond Discord's 25 subcommands: the rest of the line in the §9 grammar, parsed as typed text
    if (name === MORE_SUBCOMMAND) return this.more(i, actor);
    const def = findCommand(name);
    if (!def)
      return this.replyNow(
        i,
        this.desk.refuse(new UserError('err_unknown_command', { name, list: COMMANDS.map((c) => c.name).join(', ') }, '/complaint help')),
      );
    const raw = this.optionsToRaw(i, def);
    if (def.name === 'new' && !raw.text) return this.openNewModal(i, def, raw);
    let parsed: ParsedCommand;
    try {
      parsed = validate(def, raw);
    } catch (e) {
      if (isRefusal(e)) return this.replyNow(i, this.desk.refuse(e));
      throw e;
    }
    return this.run(i, actor, parsed);
  }

  /** `/complaint more command:line args:C3 operations`: the same parser as a typed line. */
  private async more(i: ChatInputCommandInteraction, actor: TMember): Promise<void> {
    const command = i.options.getString('command') ?? '';
    const args = i.options.getString('args') ?? '';
    let parsed: ParsedCommand;
    try {
      parsed = parseCommandText(`${SLASH_COMMAND} ${command} ${args}`.trim());
    } catch (e) {
      if (isRefusal(e)) return this.replyNow(i, this.desk.refuse(e));
      throw e;
    }
    return this.run(i, actor, parsed);
  }

  /** Typed options back to the grammar's raw strings (yes/no, amounts, @handles). */
  optionsToRaw(i: ChatInputCommandInteraction, def: CommandDef): Record<string, string> {
    const raw: Record<string, string> = {};
    for (const o of def.options) {
      const got = i.options.get(o.name);
      if (!got || got.value === undefined || got.value === null) continue;
      if (o.type === 'handle') {
        // A picked user (type 6) arrives as an id; a typed "<@id>" or a roster handle works as well.
        const v = String(got.value).trim();
        const id = /^<@!?(\d{1,20})>$/.exec(v)?.[1] ?? (/^\d{1,20}$/.test(v) ? v : null);
        const member = id ? this.roster.memberByDiscord(id) : undefined;
        raw[o.name] = member?.handle ?? (got.type === ApplicationCommandOptionType.User ? (got.user?.username ?? v) : v);
      } else if (got.type === ApplicationCommandOptionType.Boolean) {
        raw[o.name] = got.value ? 'yes' : 'no';
      } else {
        raw[o.name] = String(got.value);
      }
    }
    const textName = textOptionName(def);
    const text = textName ? i.options.getString(textName) : null;
    if (text != null && text.trim()) raw.text = text;
    return raw;
  }

  private async openNewModal(i: ChatInputCommandInteraction, def: CommandDef, raw: Record<string, string>): Promise<void> {
    // Refuse bad options now rather than after the modal has been filled in.
    try {
      validate(def, { ...raw, text: '-' });
    } catch (e) {
      if (isRefusal(e)) return this.replyNow(i, this.desk.refuse(e));
      throw e;
    }
    if (raw.unit && !this.roster.unit(raw.unit)) {
      return this.replyNow(i, this.desk.refuse(new UserError('err_unknown_unit', { code: raw.unit }, def.usage)));
    }
    const preset: NewModalPreset = {
      ...(raw.unit ? { unit: this.roster.unit(raw.unit)!.code } : {}),
      ...(raw.channel && isIntake(raw.channel) ? { channel: raw.channel } : {}),
      ...(raw.vip ? { vip: raw.vip === 'yes' } : {}),
    };
    await i.showModal(
      newCaseModal(this.locale, {
        ...preset,
        category: raw.category ? (parseCategory(raw.category) ?? undefined) : undefined,
        customer: raw.customer,
        phone: raw.phone,
      }),
    );
  }

  // ------------------------------------------------------------------------------------------- card buttons

  private async button(i: ButtonInteraction, actor: TMember, action: keyof typeof BUTTON_COMMAND, caseId: number): Promise<void> {
    if (action === 'resolve') return i.showModal(resolveModal(this.locale, caseId)).then(() => {});
    if (action === 'escalate') return i.showModal(escalateModal(this.locale, caseId)).then(() => {});
    const def = findCommand(BUTTON_COMMAND[action])!;
    return this.run(i, actor, validate(def, cardButtonValues(action, `C${caseId}`, actor.handle)));
  }

  // ------------------------------------------------------------------------------------------- modals

  private async modal(i: ModalSubmitInteraction, actor: TMember, parsed: NonNullable<ReturnType<typeof parseCustomId>>): Promise<void> {
    const field = (id: string) => modalValue(i, id);
    let def: CommandDef;
    let raw: Record<string, string | undefined>;
    if (parsed.kind === 'modal-new') {
      def = findCommand('new')!;
      const matter = field('matter')?.trim() ?? '';
      const request = field('request')?.trim();
      raw = {
        unit: parsed.preset.unit,
        channel: parsed.preset.channel,
        vip: parsed.preset.vip === undefined ? undefined : parsed.preset.vip ? 'yes' : 'no',
        category: field('category'),
        customer: field('customer'),
        phone: field('phone'),
        text: request ? `${matter} / ${request}` : matter,
      };
    } else if (parsed.kind === 'modal-case') {
      def = findCommand(parsed.command)!;
      raw = { case: `C${parsed.caseId}`, fault: field('fault'), valid: field('valid'), text: field('text') };
    } else return;
    const clean = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => !!e[1] && !!e[1].trim()));
    let cmd: ParsedCommand;
    try {
      cmd = validate(def, clean);
    } catch (e) {
      if (isRefusal(e)) return this.replyNow(i, this.desk.refuse(e));
      throw e;
    }
    return this.run(i, actor, cmd);
  }

  // ------------------------------------------------------------------------------------------- running

  /**
   * Runs the use case once per interaction (the interaction id is the request key, so a redelivered interaction
   * gets the stored answer), then wakes the scheduler so the posts it wrote go out at once. Discord forgets an
   * interaction not answered within 3 s: a slow one is deferred ("thinking…"), journalled first so a crash loses
   * nothing acknowledged, and its reply edited in afterwards.
   */
  private async run(i: Repliable, actor: TMember, parsed: ParsedCommand): Promise<void> {
    const key = `discord:${i.id}`;
    const work = async (): Promise<ReplyBody[]> => {
      try {
        const reply = await this.desk.handle(actor, parsed, { requestKey: key, replyChars: DISCORD_REPLY_CHARS });
        if (reply.ok) this.d.poke?.();
        return this.render(reply, parsed.def.name === 'new');
      } catch (e) {
        this.d.log.error({ err: e, interaction: i.id }, 'command failed');
        return [{ content: internalError(this.locale) }];
      }
    };
    // a long answer (a province's summary) comes in parts: the rest follow the first as follow-up messages
    const more = async (bodies: ReplyBody[]) => {
      for (const b of bodies) await i.followUp({ ...b, flags: MessageFlags.Ephemeral });
    };
    await answerOrDefer(work, {
      // a document is drawn after "thinking…" is shown: rendering it would hold up a later defer
      deferAfterMs: DOCUMENT_COMMANDS.has(parsed.def.name) ? 0 : (this.d.deferAfterMs ?? DEFER_AFTER_MS),
      answer: async ([body, ...rest]) => {
        await i.reply({ ...body, flags: MessageFlags.Ephemeral });
        await more(rest);
      },
      defer: async () => {
        await i.deferReply({ flags: MessageFlags.Ephemeral }).catch((e: unknown) => this.d.log.warn({ err: e }, 'defer failed'));
      },
      late: async ([body, ...rest]) => {
        await i.editReply(body);
        await more(rest);
      },
      journal: {
        to: this.d.journal,
        clock: this.d.clock,
        entry: {
          key,
          platform: 'discord',
          actor: actor.handle,
          command: { name: parsed.def.name, values: parsed.values },
          replyTo: `${i.applicationId}/${i.token}`,
        },
      },
    });
  }

  /**
   * Commands deferred before a crash: run them now under their interaction id (a no-op returning the stored reply
   * when they had in fact completed), and edit the deferred answer if Discord still accepts it (15 min).
   */
  async replayPending(rest: {
    patch(route: `/${string}`, opts: { body: unknown }): Promise<unknown>;
    /** follow-up messages (a long answer's further parts) */
    post?(route: `/${string}`, opts: { body: unknown }): Promise<unknown>;
  }): Promise<number> {
    return replayJournal({
      platform: 'discord',
      journal: this.d.journal,
      desk: this.desk,
      log: this.d.log,
      poke: this.d.poke,
      answer: async (row, reply) => {
        const [app, token] = row.replyTo!.split('/');
        const [first, ...more] = this.render(reply, false);
        await rest.patch(`/webhooks/${app}/${token}/messages/@original`, { body: first });
        for (const body of more) await rest.post?.(`/webhooks/${app}/${token}`, { body: { ...body, flags: MessageFlags.Ephemeral } });
      },
    });
  }

  /**
   * A reply as Discord messages within Discord's limits (the first answers the interaction, the rest follow up);
   * the card of a new case joins the first message when that is plain content, else comes last on its own.
   */
  render(reply: Reply, withCard: boolean): ReplyBody[] {
    const bodies: ReplyBody[] = textBodies(reply.text);
    // §14 a document for the actor (the handling form, customer masked) is attached to the reply
    if (reply.ok && reply.file)
      bodies[0].files = [{ attachment: resolve(reply.file.path), name: reply.file.filename, description: reply.file.title }];
    if (withCard && reply.ok && reply.card) {
      const card = cardEmbed({ ...reply.card, buttons: [] }, this.locale, this.roster);
      if (bodies[0].embeds) bodies.push({ embeds: [card] });
      else bodies[0].embeds = [card];
    }
    return bodies;
  }

  private async replyNow(i: Repliable, reply: Reply): Promise<void> {
    const [first, ...more] = this.render(reply, false);
    await i.reply({ ...first, flags: MessageFlags.Ephemeral });
    for (const body of more) await i.followUp({ ...body, flags: MessageFlags.Ephemeral });
  }

  // ------------------------------------------------------------------------------------------- autocomplete

  private async autocomplete(i: AutocompleteInteraction): Promise<void> {
    if (!this.roster.memberByDiscord(i.user.id)) return i.respond([]);
    const focused = i.options.getFocused(true);
    const def = findCommand(i.options.getSubcommand(false) ?? '');
    const type = def?.options.find((o) => o.name === focused.name)?.type;
    const typed = String(focused.value ?? '').trim();
    if (type === 'unit') return i.respond(this.unitChoices(typed));
    if (type === 'case') return i.respond(await this.caseChoices(typed, def?.name === 'reopen'));
    if (type === 'command')
      return i.respond(
        COMMANDS.filter((c) => c.name.startsWith(typed.toLowerCase()))
          .slice(0, 25)
          .map((c) => ({ name: c.name, value: c.name })),
      );
    return i.respond([]);
  }

  unitChoices(typed: string): { name: string; value: string }[] {
    const q = typed.toLowerCase();
    return this.roster.units
      .filter((u) => !q || u.code.toLowerCase().includes(q) || u.name.toLowerCase().includes(q))
      .slice(0, 25)
      .map((u) => ({ name: clip(`${u.code} · ${u.name}`, 100), value: u.code }));
  }

  /** Open case ids (resolved ones for reopen), newest first, matching the typed id or words of the matter. */
  async caseChoices(typed: string, resolved: boolean): Promise<{ name: string; value: string }[]> {
    const rows = await this.d.cases.caseChoices(resolved, 500);
    const digits = caseIdPrefix(typed);
    const hit = (r: (typeof rows)[number]) =>
      digits !== null ? String(r.id).startsWith(digits) : r.matter.toLowerCase().includes(typed.toLowerCase());
    return rows
      .filter(hit)
      .slice(0, 25)
      .map((r) => ({
        name: clip(
          `C${r.id} · ${label(this.locale, 'category', r.category)} · ${r.unitCode} · ${maskFreeText(r.matter, r.customerName)}`,
          100,
        ),
        value: `C${r.id}`,
      }));
  }
}

/** A modal field's value, whether it came back as a text input or a (string) select. */
export function modalValue(i: ModalSubmitInteraction, id: string): string | undefined {
  const f = i.fields.fields.get(id);
  if (!f) return undefined;
  if (f.type === ComponentType.TextInput) return f.value;
  if (f.type === ComponentType.StringSelect) return f.values?.[0];
  return undefined;
}
