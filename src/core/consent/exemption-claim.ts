// Does the policy say its audience measurement is exempt from consent? Portals may run Matomo (or
// AT Internet, Piano, Eulerian) without consent under the CNIL's exemption, with "Require user
// consent" off for that tracker; their policy then says so. The sentence is quoted in the audit.

const EXEMPT = /exempt|exon[ée]r|dispens[ée]|sans (?:votre |le |recueil(?:lir)? (?:de |du )?)?consentement|(?:ne |n')(?:n[ée]cessit|requi[eè]r|est pas soumis)\w* (?:pas )?(?:de |à |au |votre |le |l')?(?:votre |le |l')?consentement|without (?:your |the user'?s? |prior )?consent|(?:does|do) not require (?:your |the user'?s? |prior )?consent|not subject to (?:your |the user'?s? |prior )?consent/i;
const AUDIENCE = /mesure d'audience|mesure de (?:la )?fr[ée]quentation|audience measurement|web analytics|matomo|piano|at internet|xiti|eulerian|statistiques? de (?:fr[ée]quentation|visite)/i;

/** The first sentence that claims an exemption for audience measurement, or undefined. */
export function exemptionClaim(text: string): string | undefined {
  for (const sentence of text.slice(0, 2_000_000).split(/(?<=[.!?])\s+|\n+/)) {
    if (sentence.length > 600) continue;
    if (EXEMPT.test(sentence) && AUDIENCE.test(sentence)) return sentence.trim();
  }
  return undefined;
}
