/* bench/gen.c — deterministic corpus generator for `make bench`.
 *
 *   gen N OUTDIR
 *
 * Writes N German B2B outreach templates of about 1.5 KB each to
 * OUTDIR/templates/tNNNNN.md (front matter, greeting with placeholders,
 * 3–5 body paragraphs from logistics/SaaS/manufacturing/recruiting
 * fragments, spintax, some typos, some violations: du forms, superlatives,
 * urgency, missing opt-out), plus a few campaign YAML files in
 * OUTDIR/campaigns/ referencing some templates.  A fixed-seed xorshift PRNG
 * makes the output byte-identical on every run and machine; no time().
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}
static unsigned pick(unsigned n) { return rnd() % n; }
static int chance(unsigned pct) { return pick(100) < pct; }
#define N(a) (sizeof(a) / sizeof((a)[0]))
#define P(a) ((a)[pick(N(a))])

static const char *subjects[] = {
    "Ihre Tourenplanung bei {{company}}",
    "Kurze Frage zu Ihrer Disposition",
    "Leerkilometer bei {{company}} senken",
    "Ihre Lagerkapazität in {{city}}",
    "E-Rechnung ab 2027: Stand bei {{company}}",
    "Rüstzeiten in Ihrer Fertigung",
    "Besetzung offener Stellen in der Logistik",
    "Nachtrag zu meiner Nachricht",
    "\"Fallstudie: 40 Minuten statt zwei Stunden\"",
    "Ihr Vortrag auf der LogiMAT",
    "Wartungsplanung für Ihre Anlagen",
    "Fachkräfte für {{company}}",
};
static const char *channels[] = {"email", "email", "email", "linkedin", "phone-script"};
static const char *greetings[] = {
    "Guten Tag {{salutation}} {{lastName}},",
    "Sehr geehrte{{salutationSuffix}} {{salutation}} {{lastName}},",
    "{Guten Tag|Hallo} {{salutation}} {{lastName}},",
    "Sehr geehrte Damen und Herren,",
    "Hallo {{firstName}},", /* informal in a Sie template */
};
static const char *openers[] = {
    "{Ihr Beitrag|Ihr Vortrag} zu {{observation}} hat mich auf Sie aufmerksam gemacht; Ihre E-Mail-Adresse habe ich dem Impressum Ihrer Website entnommen.",
    "ich hatte Ihnen letzte Woche zur Tourenplanung geschrieben und wollte kurz nachfassen.",
    "auf der Website von {{company}} habe ich gelesen, dass Sie Ihren Standort in {{city}} erweitern.",
    "ich hoffe, diese E-Mail erreicht Sie gut.",
    "Ihre Kontaktdaten habe ich dem Ausstellerverzeichnis der Messe entnommen.",
    "wir haben uns {kurz|im Herbst} auf dem Logistik-Forum in Dortmund unterhalten.",
};
static const char *logistics[] = {
    "Wir helfen Speditionen mit 20 bis 100 Fahrzeugen, Touren automatisch neu zu planen, wenn Aufträge dazukommen oder Fahrer ausfallen.",
    "Bei unseren Kunden sinken die Leerkilometer im Schnitt um 11 % (Auswertung von 38 Projekten, 2025).",
    "Die Spedition Kögel plant ihre 45 Fahrzeuge seit Januar automatisch und braucht für die Tagesplanung 40 Minuten statt zwei Stunden.",
    "Unsere Lösung bindet Telematik, Auftragsannahme und Zeitfenstermanagement an Ihr bestehendes TMS an.",
    "Gerade im Stückgutverkehr entstehen viele Umwege, weil Sendungen kurzfristig umdisponiert werden müssen.",
    "Für Lagerbetreiber bieten wir eine Schnittstelle zur Rampenplanung, die Wartezeiten der Fahrer {deutlich|messbar} verkürzt.",
};
static const char *saas[] = {
    "Die Beispiel GmbH bringt Ihre bestehende Buchhaltung in zwei Wochen auf XRechnung und ZUGFeRD, ohne dass Ihr Team umlernen muss.",
    "Unsere Software läuft in einem Rechenzentrum in Frankfurt und ist nach ISO 27001 zertifiziert.",
    "Die Einrichtung dauert in der Regel einen Nachmittag; Ihre Daten bleiben in Deutschland.",
    "Mit der Schnittstelle zu DATEV entfallen doppelte Erfassungen im Rechnungseingang.",
    "Wir berechnen pro Nutzer und Monat; eine Mindestlaufzeit gibt es nicht.",
    "{{company}} könnte die Freigabeprozesse für Eingangsrechnungen vollständig digital abbilden.",
};
static const char *manufacturing[] = {
    "In der Zerspanung verkürzen unsere Kunden die Rüstzeiten um durchschnittlich 18 Prozent.",
    "Unsere Sensorik erkennt Verschleiß an Spindeln, bevor es zu ungeplanten Stillständen kommt.",
    "Ein mittelständischer Automobilzulieferer aus Schwaben hat damit die Ausschussquote halbiert.",
    "Die Nachrüstung erfolgt ohne Eingriff in die Steuerung Ihrer bestehenden Maschinen.",
    "Wir begleiten die Einführung vom ersten Pilotprojekt bis zum Rollout im gesamten Werk.",
    "Für die Qualitätssicherung liefern wir Prüfprotokolle, die Ihre Auditoren direkt übernehmen können.",
};
static const char *recruiting[] = {
    "Wir besetzen Stellen für Berufskraftfahrer, Disponenten und Lagerlogistiker in durchschnittlich 34 Tagen.",
    "Unsere Kandidatinnen und Kandidaten kommen überwiegend aus einem Umkreis von 50 Kilometern um Ihren Standort.",
    "Sie zahlen erst, wenn die Probezeit erfolgreich bestanden ist.",
    "Gerade im Schichtbetrieb ist die Fluktuation hoch; wir helfen, sie mit besseren Stellenanzeigen zu senken.",
    "Für {{company}} haben wir bereits drei passende Profile aus der Region {{city}} vorliegen.",
};
static const char *violations[] = {
    "Hast du Lust, dir das mal anzuschauen?",                    /* du form */
    "Ich melde mich, weil dir das helfen kann.",                 /* du form */
    "Wir sind der beste Anbieter am Markt und die Nummer 1 in Deutschland.", /* superlative */
    "Unser Tool ist das schnellste und günstigste System überhaupt.",       /* superlative */
    "Nur noch heute: Sichern Sie sich jetzt den Rabatt, das Angebot endet in 24 Stunden!", /* urgency */
    "Letzte Chance – handeln Sie sofort, bevor es zu spät ist!!", /* urgency */
    "Ich wollte nur kurz nachfragen, ob Sie vielleicht eventuell Interesse hätten.",
    "Wie telefonisch besprochen sende ich Ihnen unser Angebot.", /* fake relationship */
    "GARANTIERT 100 % ERFOLG FÜR IHR UNTERNEHMEN!",
    "Dein Team wird begeistert sein.",
};
static const char *asks[] = {
    "Hätten Sie in den nächsten zwei Wochen 20 Minuten für einen kurzen Austausch?",
    "Passt Ihnen ein kurzes Telefonat am {Donnerstag|Freitag} oder Anfang nächster Woche?",
    "Darf ich Ihnen dazu eine zweiseitige Fallstudie schicken?",
    "Wann passt Ihnen ein kurzer Termin?",
    "Wäre das für {{company}} ein Thema, über das wir kurz sprechen sollten?",
};
static const char *optouts[] = {
    "Wenn Sie keine weiteren Nachrichten von mir wünschen, antworten Sie kurz mit „Abmelden“ – dann lösche ich Ihre Daten bis auf einen Sperrvermerk und melde mich nicht wieder.",
    "Falls das Thema für {{company}} nicht relevant ist, antworten Sie einfach mit „Nein“ – dann melde ich mich nicht wieder.",
    "Sie möchten keine Nachrichten mehr erhalten? Eine kurze Antwort mit „Abmelden“ genügt.",
};
static const char *privacy[] = {
    "Wie wir Ihre Daten verarbeiten und welche Rechte Sie haben: https://beispiel.de/datenschutz-akquise",
    "Informationen nach Art. 14 DSGVO finden Sie unter {{sender.privacy_url}}.",
};
static const char *closings[] = {"Beste Grüße", "Mit freundlichen Grüßen", "Viele Grüße", "Freundliche Grüße"};
static const char *people[] = {"Max Mustermann", "Erika Musterfrau", "Jonas Becker", "Leonie Schmitt", "Murat Yilmaz", "Anna Kowalski"};
static const char *companies[] = {"Beispiel GmbH", "Nordlicht Logistik GmbH", "Rheintal Software AG", "Schwabenwerk Maschinenbau GmbH & Co. KG", "Personalwerk Ruhr GmbH"};
static const char *addresses[] = {"Musterstraße 1, 10115 Berlin", "Hafenweg 12, 20457 Hamburg", "Industriestraße 7, 70565 Stuttgart", "Königsallee 30, 40212 Düsseldorf", "Ruhrallee 88, 44139 Dortmund"};
static const char *courts[] = {"Amtsgericht Charlottenburg HRB 123456 B", "Amtsgericht Hamburg HRB 98765", "Amtsgericht Stuttgart HRB 734512", "Amtsgericht Düsseldorf HRB 55501", "Amtsgericht Dortmund HRB 30117"};

/* a few common German typos: correct -> wrong */
static const char *typos[][2] = {
    {"Zusammenarbeit", "Zusamenarbeit"}, {"vielleicht", "vieleicht"},
    {"Unternehmen", "Unternehemn"},      {"Fahrzeugen", "Fahrzeugn"},
    {"automatisch", "automatsich"},      {"Standort", "Standrot"},
    {"Nachricht", "Nachicht"},           {"Rechenzentrum", "Rechenzentrun"},
};

struct buf { char *p; size_t n, cap; };
static void put(struct buf *b, const char *s)
{
    size_t l = strlen(s);
    if (b->n + l + 1 > b->cap) {
        b->cap = (b->n + l + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p) { perror("realloc"); exit(2); }
    }
    memcpy(b->p + b->n, s, l + 1);
    b->n += l;
}

/* put a sentence, sometimes with a typo */
static void sentence(struct buf *b, const char *s)
{
    if (chance(12)) {
        const char *(*t)[2] = &typos[pick(N(typos))];
        const char *at = strstr(s, (*t)[0]);
        if (at) {
            char tmp[1024];
            size_t pre = (size_t)(at - s);
            snprintf(tmp, sizeof tmp, "%.*s%s%s", (int)pre, s, (*t)[1], at + strlen((*t)[0]));
            put(b, tmp);
            return;
        }
    }
    put(b, s);
}

static void mkdirp(const char *d)
{
    if (mkdir(d, 0777) != 0 && errno != EEXIST) { perror(d); exit(2); }
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: gen N OUTDIR\n"); return 2; }
    long n = strtol(argv[1], NULL, 10);
    if (n <= 0) { fprintf(stderr, "gen: N must be positive\n"); return 2; }
    const char *out = argv[2];
    char path[4096];
    mkdirp(out);
    snprintf(path, sizeof path, "%s/templates", out); mkdirp(path);
    snprintf(path, sizeof path, "%s/campaigns", out); mkdirp(path);

    struct buf b = {0};
    size_t total = 0;
    for (long i = 0; i < n; i++) {
        b.n = 0;
        if (b.p) b.p[0] = 0;
        const char **sector;
        size_t ns;
        switch (pick(4)) {
        case 0: sector = logistics; ns = N(logistics); break;
        case 1: sector = saas; ns = N(saas); break;
        case 2: sector = manufacturing; ns = N(manufacturing); break;
        default: sector = recruiting; ns = N(recruiting); break;
        }
        char line[512];
        put(&b, "---\n");
        put(&b, "subject: "); put(&b, P(subjects)); put(&b, "\n");
        snprintf(line, sizeof line, "step: %u\n", 1 + pick(4)); put(&b, line);
        put(&b, "channel: "); put(&b, P(channels)); put(&b, "\n");
        put(&b, "---\n");
        put(&b, chance(8) ? greetings[4] : greetings[pick(4)]);
        put(&b, "\n\n");
        sentence(&b, P(openers));
        put(&b, "\n\n");
        unsigned paras = 3 + pick(3);
        for (unsigned p = 0; p < paras; p++) {
            unsigned k = 2 + pick(2);
            for (unsigned s = 0; s < k; s++) {
                if (s) put(&b, " ");
                if (chance(7)) sentence(&b, P(violations));
                else sentence(&b, sector[pick((unsigned)ns)]);
            }
            put(&b, "\n\n");
        }
        if (chance(25)) {
            put(&b, "{Kurz gesagt|Zusammengefasst|Unterm Strich}: {{company}} {spart Zeit|gewinnt Planungssicherheit|senkt Kosten}.\n\n");
        }
        put(&b, P(asks)); put(&b, "\n\n");
        if (chance(70)) { put(&b, P(privacy)); put(&b, "\n\n"); }
        if (chance(80)) { put(&b, P(optouts)); put(&b, "\n\n"); } /* else: missing opt-out */
        unsigned c = pick(N(companies));
        put(&b, P(closings)); put(&b, "\n");
        put(&b, P(people)); put(&b, "\n");
        put(&b, companies[c]); put(&b, "\n");
        put(&b, addresses[c]); put(&b, "\n");
        if (chance(85)) {
            put(&b, "Sitz: "); 
            const char *a = strchr(addresses[c], ' ');
            const char *city = strrchr(addresses[c], ' ');
            (void)a;
            put(&b, city ? city + 1 : "Berlin");
            put(&b, " · "); put(&b, courts[c]);
            put(&b, " · Geschäftsführung: "); put(&b, P(people)); put(&b, "\n");
        }
        snprintf(path, sizeof path, "%s/templates/t%05ld.md", out, i);
        FILE *f = fopen(path, "wb");
        if (!f) { perror(path); return 2; }
        fwrite(b.p, 1, b.n, f);
        if (fclose(f) != 0) { perror(path); return 2; }
        total += b.n;
    }

    /* a few campaigns, each with 3–4 steps over existing templates */
    long ncamp = n < 5 ? 1 : 5;
    for (long c = 0; c < ncamp; c++) {
        snprintf(path, sizeof path, "%s/campaigns/kampagne-%ld.yaml", out, c + 1);
        FILE *f = fopen(path, "wb");
        if (!f) { perror(path); return 2; }
        fprintf(f,
                "campaign: bench-%ld\n"
                "audience: b2b\n"
                "consent: %s\n"
                "legal_basis: legitimate-interest\n"
                "data_source: \"Impressum der Unternehmenswebsites, recherchiert 2026-01\"\n"
                "retention_months: 12\n"
                "sender:\n"
                "  name: Max Mustermann\n"
                "  company: Beispiel GmbH\n"
                "  address: Musterstraße 1, 10115 Berlin\n"
                "  email: max.mustermann@beispiel.de\n"
                "stop_on: [reply, opt-out, bounce]\n"
                "variables: [salutation, lastName, company, observation, city, firstName, salutationSuffix]\n"
                "steps:\n",
                c + 1, c % 2 ? "opt-in" : "none");
        unsigned steps = 3 + pick(2), day = 0;
        for (unsigned s = 0; s < steps; s++) {
            long t = (long)pick((unsigned)n);
            fprintf(f, "  - template: ../templates/t%05ld.md\n    channel: email\n    day: %u\n", t, day);
            day += 4 + pick(5);
        }
        if (fclose(f) != 0) { perror(path); return 2; }
    }
    free(b.p);
    fprintf(stderr, "gen: %ld templates, %zu bytes (%.0f B/file), %ld campaigns in %s\n",
            n, total, (double)total / (double)n, ncamp, out);
    return 0;
}
