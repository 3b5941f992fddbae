using HelpdeskBot.Classifier.Languages;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>The languages the bot speaks, as the codes the language detector returns.</summary>
public static class Languages
{
    public const string English = LanguageCodes.English;
    public const string Indonesian = LanguageCodes.Indonesian;

    public static bool IsSupported(string? language) => language is English or Indonesian;

    /// <summary>Maps anything that is not Indonesian to English, the default.</summary>
    public static string Normalize(string? language) =>
        string.Equals(language, Indonesian, StringComparison.OrdinalIgnoreCase) ? Indonesian : English;

    /// <summary>The language of a client locale such as "id-ID" ("in" is the legacy code some clients still send).</summary>
    public static string FromLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return English;
        }

        var primary = locale.Split('-', '_')[0];
        return primary.Equals("id", StringComparison.OrdinalIgnoreCase) || primary.Equals("in", StringComparison.OrdinalIgnoreCase)
            ? Indonesian
            : English;
    }
}
