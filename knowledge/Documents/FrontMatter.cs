using System.Globalization;

namespace HelpdeskBot.Knowledge.Documents;

/// <summary>
/// The "key: value" block between two "---" lines at the very top of a Markdown file. Deliberately not YAML: one flat
/// list of known keys, so a typo is an error naming the line instead of a field silently ignored.
/// </summary>
internal static class FrontMatter
{
    private static readonly string[] KnownKeys = ["title", "owner", "audience", "language", "status", "effective_from", "effective_to"];
    private static readonly string AllowedKeys = string.Join(", ", KnownKeys);

    /// <summary>
    /// The fields, and the index of the first body line; <see cref="DocumentFields"/> with nothing set and 0 when the
    /// file has no front matter.
    /// </summary>
    public static (DocumentFields Fields, int BodyStart) Read(string name, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0 || lines[0].TrimEnd() != "---")
        {
            return (new DocumentFields(), 0);
        }

        var close = -1;
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].TrimEnd() == "---")
            {
                close = i;
                break;
            }
        }

        if (close < 0)
        {
            throw new DocumentFormatException(
                $"{name}: the front matter that starts on line 1 is never closed; end it with a line that is just '---'.");
        }

        var fields = new DocumentFields();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < close; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var where = $"{name}, front matter line {i + 1}";
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new DocumentFormatException($"{where}: '{line}' is not 'key: value'. Allowed keys: {AllowedKeys}.");
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            if (!KnownKeys.Contains(key))
            {
                throw new DocumentFormatException($"{where}: unknown key '{key}'. Allowed keys: {AllowedKeys}.");
            }

            if (!seen.Add(key))
            {
                throw new DocumentFormatException($"{where}: '{key}' is set twice.");
            }

            var value = Unquote(where, key, line[(colon + 1)..].Trim());
            if (value.Length == 0)
            {
                // An empty value says nothing, like a missing key: the uploader's value or the default applies.
                continue;
            }

            fields = key switch
            {
                "title" => fields with { Title = value },
                "owner" => fields with { Owner = value },
                "audience" => fields with { Audience = ParseAudience(where, value) },
                "language" => fields with { Language = ParseLanguage(where, value) },
                "status" => fields with { Status = ParseStatus(where, value) },
                "effective_from" => fields with { EffectiveFrom = ParseDate(where, key, value) },
                _ => fields with { EffectiveTo = ParseDate(where, key, value) },
            };
        }

        if (fields is { EffectiveFrom: { } from, EffectiveTo: { } to } && to < from)
        {
            throw new DocumentFormatException(
                $"{name}: effective_to ({Format(to)}) is before effective_from ({Format(from)}); the document would never be in effect.");
        }

        return (fields, close + 1);
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Unquote(string where, string key, string value)
    {
        if (value.Length == 0 || value[0] is not ('"' or '\''))
        {
            return value;
        }

        if (value.Length < 2 || value[^1] != value[0])
        {
            throw new DocumentFormatException($"{where}: the value of '{key}' starts with {value[0]} but does not end with one.");
        }

        return value[1..^1].Trim();
    }

    private static Audience ParseAudience(string where, string value) =>
        Audiences.TryParse(value, out var audience)
            ? audience
            : throw new DocumentFormatException($"{where}: audience '{value}' is not allowed; use customer, employee or everyone.");

    private static string ParseLanguage(string where, string value) =>
        value.Length == 2 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1])
            ? value.ToLowerInvariant()
            : throw new DocumentFormatException($"{where}: language '{value}' is not a two-letter language code such as en or id.");

    private static DocumentStatus ParseStatus(string where, string value) => value.ToLowerInvariant() switch
    {
        "draft" => DocumentStatus.Draft,
        "published" => DocumentStatus.Published,
        "retired" => DocumentStatus.Retired,
        _ => throw new DocumentFormatException($"{where}: status '{value}' is not allowed; use draft, published or retired."),
    };

    private static DateOnly ParseDate(string where, string key, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new DocumentFormatException($"{where}: {key} '{value}' is not a date written as yyyy-MM-dd (for example 2025-01-31).");
}
