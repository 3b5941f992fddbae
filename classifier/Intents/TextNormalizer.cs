using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>
/// Puts an utterance into the form the intent model is trained on: order-number-like tokens become one placeholder
/// (the model should learn "order &lt;number&gt;", not 100123), other numbers another, then lower case, no diacritics,
/// punctuation as spaces and stretched letters ("haloooo") cut to two.
/// </summary>
internal static partial class TextNormalizer
{
    public const string OrderNumberToken = "xordnumx";
    public const string NumberToken = "xnumx";

    // Bounds the featurisation cost of a pasted essay; intents show in the first sentences.
    private const int MaxLength = 500;

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            text = text[..MaxLength];
        }

        text = OrderNumberLike().Replace(text, $" {OrderNumberToken} ");
        text = Digits().Replace(text, $" {NumberToken} ");

        var builder = new StringBuilder(text.Length);
        foreach (var c in WellFormed(text).Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetter(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '\u2019' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                // "what's" and "whats" are the same word to a chat user; "é" is "e".
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        var normalized = StretchedLetters().Replace(builder.ToString().TrimEnd(), "$1$1");
        return normalized;
    }

    // "ORD-100123", "ORD100123", "#100123" and bare six-digit numbers 100000-999999 (the order-number range); not
    // digits that are part of longer numbers, amounts ("100.000") or ids like "INV-2026-00001".
    [GeneratedRegex(
        """
          \bord[\s\-\#:.]?[0-9]{4,}\b
        | (?<![\w\#])\#\s?[0-9]{4,}\b
        | (?<![\w.,\-])[1-9][0-9]{5}(?![\w\-])(?![.,][0-9])
        """,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex OrderNumberLike();

    [GeneratedRegex("[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    [GeneratedRegex(@"(\p{L})\1{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex StretchedLetters();

    /// <summary>
    /// The text with unpaired UTF-16 surrogates replaced by U+FFFD. <see cref="string.Normalize(NormalizationForm)"/>
    /// throws on them, and a message or document can hold them; found by the fuzz suite (docs/hostile-input.md).
    /// </summary>
    internal static string WellFormed(string text)
    {
        char[]? repaired = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(text[i]))
            {
                repaired ??= text.ToCharArray();
                repaired[i] = '\uFFFD';
            }
        }

        return repaired is null ? text : new string(repaired);
    }
}
