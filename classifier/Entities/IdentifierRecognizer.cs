using System.Text.RegularExpressions;

namespace HelpdeskBot.Classifier.Entities;

/// <summary>Order, invoice and ticket ids.</summary>
internal static partial class IdentifierRecognizer
{
    public static void Collect(string text, List<EntityCandidate> into)
    {
        // Every id has digits; most messages have none.
        if (!text.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return;
        }

        for (var match = OrderNumberRecognizer.Pattern().Match(text); match.Success; match = match.NextMatch())
        {
            into.Add(new(EntityTypes.OrderId, OrderNumberRecognizer.Prefix + match.Groups["digits"].Value, match.Index, match.Length));
        }

        for (var match = Invoice().Match(text); match.Success; match = match.NextMatch())
        {
            into.Add(new(EntityTypes.InvoiceId, $"INV-{match.Groups["year"].Value}-{match.Groups["number"].Value}", match.Index, match.Length));
        }

        for (var match = Ticket().Match(text); match.Success; match = match.NextMatch())
        {
            var number = match.Groups["number"].Value;
            if (number.AsSpan().ContainsAnyExcept('0'))
            {
                into.Add(new(EntityTypes.TicketId, "IT-" + number.PadLeft(6, '0'), match.Index, match.Length));
            }
        }
    }

    // "INV-2026-00042", "inv 2026 00042", "INV202600042", or an invoice word and filler before the year and number
    // ("invoice 2026-00042", "faktur INV202600042", "invoice no. 2026/00042"). The number must not run on into more digits.
    [GeneratedRegex(
        """
        (?<![\p{L}\p{N}])
        (?:
            (?:invoice|faktur|tagihan|inv)\b
            (?:\s*(?:no\b\.?|nomor\b|nomer\b|nmr\b|number\b|num\b|nr\b|id\b|is\b|adalah\b|saya\b|my\b|[:\#\-]))*
            \s*(?:inv[\s\-\#:.]?)?
          | inv[\s\-\#:.]?
        )
        (?<year>20[0-9]{2})[\s\-/.]?(?<number>[0-9]{5})
        (?![0-9])(?![.,][0-9])
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex Invoice();

    // "IT-000123", "it000123", "IT 000123" (a space only after a capital IT: "it 100000" is English), exactly six digits;
    // or a ticket word before three to six digits ("ticket 000123", "tiket #123", "ticket no. IT-000123"), which are
    // zero-padded. Shorter numbers after "tiket" are more likely counts ("tiket 2 orang") than ids, and a number followed
    // by a scale or currency word is a price ("tiket 150 ribu").
    [GeneratedRegex(
        """
        (?<![\p{L}\p{N}])
        (?:
            (?:ticket|tiket|tix)\b
            (?:\s*(?:no\b\.?|nomor\b|nomer\b|nmr\b|number\b|num\b|nr\b|id\b|is\b|adalah\b|saya\b|my\b|[:\#\-]))*
            \s*(?:it[\-\#]?|(?-i:IT)\s)?
            (?<number>[0-9]{3,6})
          | (?:it[\-\#]?|(?-i:IT)\s)(?<number>[0-9]{6})
        )
        (?![0-9])(?![.,][0-9])
        (?!\s*(?:ribu|rb|juta|jt|k|rupiah|idr|dollars?|usd)(?![\p{L}\p{N}]))
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex Ticket();
}
