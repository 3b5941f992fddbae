using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Classifier.Entities;

/// <summary>
/// Recognises order, invoice and ticket ids, e-mail addresses, Indonesian phone numbers, amounts of money, dates and
/// date ranges in English and Indonesian messages, and normalises their values. Dates are resolved against the injected
/// clock in <see cref="EntityOptions.TimeZone"/>. Stateless apart from the clock, so one instance serves every conversation.
/// </summary>
public sealed class EntityRecognizer(TimeProvider time, IOptions<EntityOptions> options) : IEntityRecognizer
{
    private readonly TimeZoneInfo _zone = EntityTimeZone.Find(options.Value.TimeZone);

    public IReadOnlyList<EntityMatch> Recognize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone).DateTime);
        var candidates = new List<EntityCandidate>();
        Collect(() => IdentifierRecognizer.Collect(text, candidates));
        Collect(() => ContactRecognizer.Collect(text, candidates));
        Collect(() => MoneyRecognizer.Collect(text, candidates));
        Collect(() => DateRecognizer.Collect(text, today, candidates));
        return SelectNonOverlapping(text, candidates);
    }

    private static void Collect(Action recognize)
    {
        try
        {
            recognize();
        }
        catch (RegexMatchTimeoutException)
        {
            // A pattern hit its safety timeout on hostile input: keep what the other recognisers found rather than fail
            // the turn. Candidates this one added before the timeout are complete matches and stay.
        }
    }

    /// <summary>
    /// Keeps the longest candidates that don't overlap a longer one; on equal length the more specific type wins
    /// (<see cref="Specificity"/>), then the earlier one. Returned in order of position.
    /// </summary>
    private static List<EntityMatch> SelectNonOverlapping(string text, List<EntityCandidate> candidates)
    {
        candidates.Sort(static (a, b) =>
            a.Length != b.Length ? b.Length.CompareTo(a.Length)
            : Specificity(a.Type) != Specificity(b.Type) ? Specificity(a.Type).CompareTo(Specificity(b.Type))
            : a.Start.CompareTo(b.Start));

        var taken = new bool[text.Length];
        var chosen = new List<EntityCandidate>();
        foreach (var candidate in candidates)
        {
            var span = taken.AsSpan(candidate.Start, candidate.Length);
            if (!span.Contains(true))
            {
                span.Fill(true);
                chosen.Add(candidate);
            }
        }

        chosen.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return chosen.ConvertAll(c => new EntityMatch(c.Type, c.Value, text.Substring(c.Start, c.Length), c.Start, c.Length));
    }

    private static int Specificity(string type) => type switch
    {
        EntityTypes.Email => 0,
        EntityTypes.InvoiceId => 1,
        EntityTypes.TicketId => 2,
        EntityTypes.OrderId => 3,
        EntityTypes.DateRange => 4,
        EntityTypes.Date => 5,
        EntityTypes.Money => 6,
        _ => 7,
    };
}
