using System.Text.RegularExpressions;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>
/// Masks personal data before text is stored in a transcript: e-mail addresses, phone numbers and long digit runs
/// (card, account and national id numbers). Order, invoice and ticket ids keep their digits because they carry a prefix.
/// </summary>
internal static partial class PersonalDataMasker
{
    public static string Mask(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        var masked = Email().Replace(text, "[email]");
        masked = Phone().Replace(masked, "[phone]");
        masked = LongNumber().Replace(masked, "[number]");
        return masked;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // +62 / 62 / 0 followed by 8–12 digits with optional separators: Indonesian mobile and landline formats.
    [GeneratedRegex(@"(?<![\w-])(?:\+?62|0)[\s\-.]?\d{2,4}(?:[\s\-.]?\d{2,4}){2,3}(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    // 12+ digits, optionally grouped by spaces or dashes (cards, NIK, bank accounts), not preceded by an id prefix.
    [GeneratedRegex(@"(?<![A-Za-z]-?|\w)\d(?:[\s\-]?\d){11,}(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex LongNumber();
}
