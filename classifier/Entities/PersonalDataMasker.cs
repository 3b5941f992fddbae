using System.Text;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Classifier.Entities;

/// <summary>
/// Masks personal data before text is stored in a transcript. E-mail addresses and phone numbers are found by the same
/// entity recogniser that understands messages, so every format the bot understands is also masked; long digit runs
/// (card, account and national id numbers) are masked too. Order, invoice and ticket ids keep their digits.
/// </summary>
public sealed partial class PersonalDataMasker(IEntityRecognizer entities)
{
    public string Mask(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        var masked = new StringBuilder(text.Length);
        var position = 0;
        foreach (var match in entities.Recognize(text).Where(m => m.Type is EntityTypes.Email or EntityTypes.Phone).OrderBy(m => m.Start))
        {
            masked.Append(text, position, match.Start - position).Append(match.Type == EntityTypes.Email ? "[email]" : "[phone]");
            position = match.Start + match.Length;
        }
        masked.Append(text, position, text.Length - position);
        return LongNumber().Replace(masked.ToString(), "[number]");
    }

    // 12+ digits, optionally grouped by spaces or dashes (cards, NIK, bank accounts), not part of an id such as INV-2026-00001.
    [GeneratedRegex(@"(?<![A-Za-z]-?|\w)\d(?:[\s\-]?\d){11,}(?!\w)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex LongNumber();
}
