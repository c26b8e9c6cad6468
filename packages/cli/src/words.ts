import type { CommandType, DeadlineStatus, EventType, Issue, IssueCode, Lang, Phase } from '@stegvis/core';
import { formatIssue, toDotPath } from '@stegvis/core';

type Words = { readonly sv: string; readonly en: string };

/**
 * The engine's vocabulary in words, Swedish and English, for what the CLI prints: every command and
 * event type, deadline status and phase. Each table is checked by the compiler: a new type without its
 * words is a type error here.
 */
export const commandWords = {
  refer: { sv: 'anvisa', en: 'refer' },
  admit: { sv: 'anta', en: 'admit' },
  assignArea: { sv: 'tilldela arbetsområde', en: 'assignArea' },
  handOver: { sv: 'lämna över ansvaret', en: 'handOver' },
  extendDeadline: { sv: 'förläng tidsfrist', en: 'extendDeadline' },
  updateFacts: { sv: 'uppdatera uppgifter', en: 'updateFacts' },
  completeAssessment: { sv: 'slutför kartläggning', en: 'completeAssessment' },
  establishPlan: { sv: 'upprätta handlingsplan', en: 'establishPlan' },
  revisePlan: { sv: 'revidera handlingsplan', en: 'revisePlan' },
  recordFollowUp: { sv: 'registrera uppföljning', en: 'recordFollowUp' },
  recordAttendance: { sv: 'registrera närvaro', en: 'recordAttendance' },
  recordAbsence: { sv: 'registrera frånvaro', en: 'recordAbsence' },
  recordDeviation: { sv: 'registrera avvikelse', en: 'recordDeviation' },
  markRequirement: { sv: 'markera krav', en: 'markRequirement' },
  advance: { sv: 'gå vidare', en: 'advance' },
  regress: { sv: 'gå tillbaka', en: 'regress' },
  pause: { sv: 'gör uppehåll', en: 'pause' },
  resume: { sv: 'återuppta', en: 'resume' },
  exit: { sv: 'avsluta', en: 'exit' },
  tick: { sv: 'dagens datum', en: 'tick' },
  setIntensity: { sv: 'ange omfattning', en: 'setIntensity' },
  voidEvent: { sv: 'makulera händelse', en: 'voidEvent' },
  proposeChange: { sv: 'föreslå ändring', en: 'proposeChange' },
  approveProposal: { sv: 'godkänn förslag', en: 'approveProposal' },
  rejectProposal: { sv: 'avslå förslag', en: 'rejectProposal' },
  recordExitFollowUp: { sv: 'registrera uppföljning efter avslut', en: 'recordExitFollowUp' },
} satisfies Record<CommandType, Words>;

export const eventWords = {
  'participant.referred': { sv: 'anvisad', en: 'participant.referred' },
  'participant.admitted': { sv: 'antagen', en: 'participant.admitted' },
  'participant.waitlisted': { sv: 'på väntelistan', en: 'participant.waitlisted' },
  'referral.declined': { sv: 'anvisningen avböjd', en: 'referral.declined' },
  'area.assigned': { sv: 'arbetsområde tilldelat', en: 'area.assigned' },
  'responsibility.handedOver': { sv: 'ansvaret överlämnat', en: 'responsibility.handedOver' },
  'deadline.extended': { sv: 'tidsfristen förlängd', en: 'deadline.extended' },
  'facts.updated': { sv: 'uppgifter uppdaterade', en: 'facts.updated' },
  'assessment.completed': { sv: 'kartläggningen klar', en: 'assessment.completed' },
  'plan.established': { sv: 'handlingsplanen upprättad', en: 'plan.established' },
  'plan.revised': { sv: 'handlingsplanen reviderad', en: 'plan.revised' },
  'followUp.recorded': { sv: 'uppföljning registrerad', en: 'followUp.recorded' },
  'attendance.recorded': { sv: 'närvaro registrerad', en: 'attendance.recorded' },
  'absence.recorded': { sv: 'frånvaro registrerad', en: 'absence.recorded' },
  'deviation.recorded': { sv: 'avvikelse registrerad', en: 'deviation.recorded' },
  'requirement.marked': { sv: 'krav markerat', en: 'requirement.marked' },
  'step.advanced': { sv: 'gick vidare', en: 'step.advanced' },
  'step.regressed': { sv: 'gick tillbaka', en: 'step.regressed' },
  'participant.paused': { sv: 'uppehåll', en: 'participant.paused' },
  'participant.resumed': { sv: 'återupptagen', en: 'participant.resumed' },
  'participant.exited': { sv: 'avslutad', en: 'participant.exited' },
  'clock.ticked': { sv: 'datum passerat', en: 'clock.ticked' },
  'participant.migrated': { sv: 'flyttad till en ny programversion', en: 'participant.migrated' },
  'intensity.set': { sv: 'omfattning angiven', en: 'intensity.set' },
  'compliance.flagged': { sv: 'följsamhetsregel uppfylld: signal till remittenten', en: 'compliance.flagged' },
  'compliance.cleared': { sv: 'följsamhetssignal upphävd', en: 'compliance.cleared' },
  'eligibility.lost': { sv: 'uppfyller inte längre remissreglerna', en: 'eligibility.lost' },
  'eligibility.regained': { sv: 'uppfyller remissreglerna igen', en: 'eligibility.regained' },
  'event.voided': { sv: 'händelse makulerad', en: 'event.voided' },
  'proposal.made': { sv: 'ändring föreslagen', en: 'proposal.made' },
  'proposal.approved': { sv: 'förslag godkänt', en: 'proposal.approved' },
  'proposal.rejected': { sv: 'förslag avslaget', en: 'proposal.rejected' },
  'exitFollowUp.recorded': { sv: 'uppföljning efter avslut registrerad', en: 'exitFollowUp.recorded' },
} satisfies Record<EventType, Words>;

export const statusWords = {
  upcoming: { sv: 'kommande', en: 'upcoming' },
  due: { sv: 'aktuell', en: 'due' },
  overdue: { sv: 'försenad', en: 'overdue' },
  met: { sv: 'uppfylld', en: 'met' },
  cancelled: { sv: 'avbruten', en: 'cancelled' },
} satisfies Record<DeadlineStatus, Words>;

export const phaseWords = {
  intake: { sv: 'intag', en: 'intake' },
  waiting: { sv: 'väntar på plats', en: 'waiting' },
  active: { sv: 'aktiv', en: 'active' },
  paused: { sv: 'uppehåll', en: 'paused' },
  exited: { sv: 'avslutad', en: 'exited' },
  declined: { sv: 'avböjd', en: 'declined' },
} satisfies Record<Phase, Words>;

export const incomeWords = { full: { sv: 'hel', en: 'full' }, partial: { sv: 'delvis', en: 'partial' }, none: { sv: 'ingen', en: 'none' } } as const;

/** A word from one of the tables above, or the id itself when the engine sent something the CLI does not know yet. */
export const word = <K extends string>(table: Record<K, Words>, id: string, lang: Lang): string => (table as Record<string, Words | undefined>)[id]?.[lang] ?? id;

/**
 * An issue in Swedish, for a caseworker reading `--lang sv`: the engine's messages are English, so each
 * code has its Swedish sentence and fix here (the explanation tree, printed under it, names the specifics
 * in Swedish). A new code without one is a type error.
 */
const issueSv = {
  'config.yaml_syntax': { message: 'texten är inte giltig YAML', fix: 'kontrollera indrag och citattecken på raden' },
  'config.invalid_type': { message: 'värdet har fel typ', fix: 'se vad fältet ska innehålla' },
  'config.missing_field': { message: 'ett obligatoriskt fält saknas', fix: 'lägg till fältet' },
  'config.unknown_field': { message: 'okänt fält', fix: 'ta bort det eller rätta stavningen' },
  'config.invalid_value': { message: 'värdet är inte tillåtet här', fix: 'rätta värdet' },
  'config.duplicate_id': { message: 'id:t används två gånger', fix: 'ge varje id ett eget namn' },
  'config.unknown_step_kind': { message: 'okänd stegtyp', fix: 'använd en stegtyp som finns' },
  'config.undeclared_fact': { message: 'uppgiften är inte deklarerad i programmet', fix: 'deklarera den under facts' },
  'config.fact_type_mismatch': { message: 'värdet passar inte uppgiftens typ', fix: 'använd ett värde av rätt typ' },
  'config.unknown_reference': { message: 'hänvisningen pekar på något som inte finns', fix: 'använd ett id som finns i programmet' },
  'config.step_order': { message: 'stegen står i fel ordning', fix: 'ändra ordningen' },
  'config.encoding': { message: 'filen är inte sparad som UTF-8', fix: 'spara filen som UTF-8 eller konvertera den med iconv' },
  'config.yaml_tag': { message: 'okänd YAML-tagg', fix: 'ta bort taggen: ett program är bara data' },
  'config.too_large': { message: 'indata är större än gränsen', fix: 'korta texten eller listan, eller höj gränsen (docs/security.md)' },
  'config.too_deep': { message: 'listor och objekt är nästlade djupare än gränsen', fix: 'platta till strukturen, till exempel med namngivna villkor' },
  'command.invalid': { message: 'kommandot är ofullständigt eller felaktigt', fix: 'rätta fältet och skicka kommandot igen' },
  'command.wrong_participant': { message: 'kommandot gäller en annan deltagare', fix: 'läs in den deltagare som kommandot gäller' },
  'command.forbidden': { message: 'rollen får inte göra detta i programmet', fix: 'låt en roll som har rätten skicka kommandot' },
  'command.time_backwards': { message: 'kommandot är daterat före den senast registrerade händelsen', fix: 'skicka kommandon i tidsordning, daterade när de hände' },
  'command.in_future': { message: 'kommandot är daterat senare än värdsystemets klocka tillåter', fix: 'datera kommandot när det hände, efter verksamhetssystemets klocka; stämmer den, kontrollera klockan på servern som kör stegvis' },
  'command.not_referred': { message: 'deltagaren är inte anvisad än', fix: 'anvisa deltagaren först' },
  'command.already_referred': { message: 'deltagaren är redan anvisad', fix: 'skicka inte anvisningen igen' },
  'command.declined': { message: 'anvisningen avböjdes; inget mer kan hända', fix: 'gör en ny anvisning om läget har ändrats' },
  'command.waiting': { message: 'det kan inte göras medan deltagaren väntar på plats', fix: 'anta deltagaren när en plats är ledig' },
  'command.not_extendable': { message: 'tidsfristen kan inte förlängas så', fix: 'avsluta den som programmet säger, eller förläng mindre' },
  'command.exited': { message: 'deltagaren har avslutat programmet; inget mer kan hända', fix: 'anvisa deltagaren på nytt om hen kommer tillbaka' },
  'command.paused': { message: 'det kan inte göras under uppehåll', fix: 'återuppta deltagaren först' },
  'command.not_paused': { message: 'deltagaren har inget uppehåll', fix: 'skicka inte återuppta' },
  'command.wrong_step': { message: 'deltagaren är inte vid det steget', fix: 'gör det vid det steg där deltagaren är' },
  'command.missing_contents': { message: 'innehåll som krävs saknas', fix: 'lägg till det som är markerat ✗ i förklaringen' },
  'command.unknown_reference': { message: 'hänvisningen pekar på något som inte finns i programmet', fix: 'använd ett id som finns i programmet' },
  'command.invalid_fact_value': { message: 'uppgiftens värde passar inte dess deklaration', fix: 'använd ett tillåtet värde' },
  'command.requirements_unmet': { message: 'steget är inte klart än', fix: 'uppfyll eller efterge kraven markerade ✗ i förklaringen' },
  'command.condition_failed': { message: 'villkoret gäller inte för deltagaren', fix: 'se förklaringen' },
  'command.invalid_regression': { message: 'deltagaren kan bara gå tillbaka till ett tidigare steg', fix: 'använd gå vidare för att komma framåt' },
  'command.last_step': { message: 'det är sista steget före avslutet', fix: 'avsluta deltagaren med ett utfall i stället' },
  'command.no_plan': { message: 'det finns ingen handlingsplan än', fix: 'upprätta handlingsplanen först' },
  'command.too_large': { message: 'kommandot är större än gränsen', fix: 'korta texten; längre anteckningar hör hemma i verksamhetssystemet' },
  'command.too_deep': { message: 'kommandot är nästlat djupare än gränsen', fix: 'skicka kommandot som det beskrivs i docs/engine.md' },
  'command.personal_number': { message: 'värdet ser ut som ett personnummer eller samordningsnummer', fix: 'använd verksamhetssystemets anonyma id, aldrig ett personnummer' },
  'migration.invalid': { message: 'versionsövergången är felaktig', fix: 'rätta övergången mellan versionerna' },
  'migration.unsafe': { message: 'versionsövergången kan inte göras säkert för deltagaren', fix: 'ange vart deltagaren ska flyttas i den nya versionen' },
  'migration.wrong_programme': { message: 'versionsövergången gäller ett annat program', fix: 'använd en övergång för deltagarens program' },
  'event.invalid': { message: 'händelsen är felaktig', fix: 'rätta den lagrade händelsen' },
  'event.out_of_order': { message: 'händelsen kommer i fel ordning', fix: 'läs händelserna i den ordning de lagrades' },
  'event.not_applicable': { message: 'händelsen kan inte tillämpas i deltagarens läge', fix: 'kontrollera att händelserna hör till deltagaren' },
  'event.too_large': { message: 'händelsen är större än gränsen', fix: 'kontrollera att det är en händelse som stegvis skrev' },
  'event.too_deep': { message: 'händelsen är nästlad djupare än gränsen', fix: 'kontrollera att det är en händelse som stegvis skrev' },
  'event.personal_number': { message: 'händelsen innehåller något som ser ut som ett personnummer', fix: 'pseudonymisera loggen (stegvis pseudonymise) innan den läses in' },
  'option.invalid': { message: 'ett alternativ är felaktigt', fix: 'se dokumentationen för alternativet' },
  'command.not_voidable': { message: 'händelsen kan inte makuleras', fix: 'rätta med ett nytt kommando i stället (se docs/engine.md, "Corrections and proposals")' },
  'command.void_breaks_stream': { message: 'utan händelsen går de senare händelserna inte att tillämpa', fix: 'makulera först de senare händelser som bygger på den, den senaste först' },
  'command.no_proposals': { message: 'programmet tar inte emot förslag', fix: 'lägg till proposals i programmet, eller skicka kommandot självt' },
  'command.not_proposable': { message: 'rollen får inte föreslå den ändringen', fix: 'se programmets proposals.allow' },
  'command.proposal_not_pending': { message: 'förslaget finns inte eller är redan beslutat', fix: 'ange händelsenumret för ett förslag som väntar på beslut' },
  'command.proposal_not_applicable': { message: 'reglerna tillåter inte den föreslagna ändringen nu', fix: 'avslå förslaget med ett skäl, eller godkänn det när reglerna tillåter det' },
} satisfies Record<IssueCode, { message: string; fix: string }>;

/** One line per issue, `path: message Fix: … (code)` — in Swedish `path: meddelande Åtgärd: … (code)`. */
export function issueLine(i: Issue, lang: Lang): string {
  if (lang === 'en') return formatIssue(i);
  const sv = issueSv[i.code];
  return `${i.path.length === 0 ? '(hela kommandot)' : toDotPath(i.path)}: ${sv.message}. Åtgärd: ${sv.fix} (${i.code})`;
}
