using System.Globalization;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.ItSupport;

/// <summary>How IT categories, urgencies and statuses are named and recognised in English and Indonesian.</summary>
internal static class ItVocabulary
{
    // Words that point to a category. A message names a category when one category has more hits than any other.
    private static readonly (TicketCategory Category, string[] Keywords)[] CategoryKeywords =
    [
        (TicketCategory.Hardware, ["hardware", "perangkat keras", "laptop", "notebook", "computer", "komputer", "pc", "monitor", "keyboard", "mouse", "screen", "layar", "battery", "baterai", "charger", "headset", "webcam", "docking"]),
        (TicketCategory.Software, ["software", "perangkat lunak", "aplikasi", "application", "app", "program", "install", "instal", "crash", "crashes", "update", "excel", "word", "teams", "sap"]),
        (TicketCategory.Network, ["network", "jaringan", "internet", "wifi", "wi-fi", "vpn", "lan", "koneksi", "konek", "nyambung", "tersambung", "connection", "connect", "terhubung", "sinyal", "ethernet"]),
        (TicketCategory.Access, ["access", "akses", "permission", "permissions", "izin", "hak akses", "shared folder", "folder", "sharepoint", "drive"]),
        (TicketCategory.Email, ["email", "e-mail", "outlook", "mailbox", "inbox", "surel"]),
        (TicketCategory.Printer, ["printer", "print", "printing", "cetak", "mencetak", "nge-print", "scanner", "scan"]),
    ];

    public static Phrase CategoryPhrase(TicketCategory category) => category switch
    {
        TicketCategory.Hardware => ItPhrases.Hardware,
        TicketCategory.Software => ItPhrases.Software,
        TicketCategory.Network => ItPhrases.Network,
        TicketCategory.Access => ItPhrases.Access,
        TicketCategory.Email => ItPhrases.Email,
        TicketCategory.Printer => ItPhrases.Printer,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown ticket category."),
    };

    public static Phrase UrgencyPhrase(TicketUrgency urgency) => urgency switch
    {
        TicketUrgency.Low => ItPhrases.Low,
        TicketUrgency.Medium => ItPhrases.Medium,
        TicketUrgency.High => ItPhrases.High,
        TicketUrgency.Critical => ItPhrases.Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(urgency), urgency, "Unknown urgency."),
    };

    public static Phrase StatusPhrase(TicketStatus status) => status switch
    {
        TicketStatus.Open => ItPhrases.StatusOpen,
        TicketStatus.InProgress => ItPhrases.StatusInProgress,
        TicketStatus.Resolved => ItPhrases.StatusResolved,
        TicketStatus.Closed => ItPhrases.StatusClosed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown ticket status."),
    };

    public static IReadOnlyList<SuggestedAction> CategoryButtons(string language) =>
        [.. Enum.GetValues<TicketCategory>().Select(c => Button(CategoryPhrase(c).In(language)))];

    public static IReadOnlyList<SuggestedAction> UrgencyButtons(string language) =>
        [.. Enum.GetValues<TicketUrgency>().Select(u => Button(UrgencyPhrase(u).In(language)))];

    public static SuggestedAction Button(string title) => new(title, title);

    /// <summary>The category a message clearly names (one category with the most keyword hits), or null.</summary>
    public static TicketCategory? ParseCategory(string text)
    {
        var words = Padded(text);
        var scores = CategoryKeywords
            .Select(entry => (entry.Category, Hits: entry.Keywords.Count(keyword => words.Contains($" {keyword} ", StringComparison.Ordinal))))
            .Where(score => score.Hits > 0)
            .OrderByDescending(score => score.Hits)
            .ToList();
        return scores switch
        {
            [] => null,
            [var only] => only.Category,
            [var first, var second, ..] when first.Hits > second.Hits => first.Category,
            _ => null,
        };
    }

    /// <summary>The urgency an answer names, in either language; null when it names none.</summary>
    public static TicketUrgency? ParseUrgency(string text)
    {
        var words = Padded(text);
        if (ContainsAny(words, "not urgent", "tidak mendesak", "gak mendesak", "nggak mendesak", "tidak urgent", "low", "rendah", "minor", "santai"))
        {
            return TicketUrgency.Low;
        }

        if (ContainsAny(words, "critical", "kritis", "darurat", "emergency", "sangat mendesak", "sangat urgent"))
        {
            return TicketUrgency.Critical;
        }

        if (ContainsAny(words, "high", "tinggi", "urgent", "mendesak", "penting", "asap"))
        {
            return TicketUrgency.High;
        }

        return ContainsAny(words, "medium", "sedang", "normal", "biasa", "menengah") ? TicketUrgency.Medium : null;
    }

    /// <summary>Lower case, words separated by single spaces, with a space at each end so keywords match whole words.</summary>
    public static string Padded(string text) => $" {Interruptions.Normalize(text)} ";

    public static bool ContainsAny(string padded, params ReadOnlySpan<string> keywords)
    {
        foreach (var keyword in keywords)
        {
            if (padded.Contains($" {keyword} ", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"26 November 2026, 14:05" in the bot's time zone.</summary>
    public static string DateTime(DateTimeOffset at, TimeZoneInfo zone, string language)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return $"{LocalFormat.Date(DateOnly.FromDateTime(local.DateTime), language)}, {local.ToString("HH:mm", CultureInfo.InvariantCulture)}";
    }
}
