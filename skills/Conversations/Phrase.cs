using System.Text;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>
/// One user-facing text in every language the bot speaks. Placeholders are named, <c>{order}</c>, and both languages use
/// the same set (a test checks it), so translators can reorder them freely.
/// </summary>
public sealed record Phrase(string Key, string En, string Id)
{
    public string In(string language) => language == Languages.Indonesian ? Id : En;

    public string Format(string language, params ReadOnlySpan<(string Name, string Value)> arguments)
    {
        var template = In(language);
        var text = new StringBuilder(template.Length + 32);
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                text.Append(template, position, template.Length - position);
                break;
            }

            var close = template.IndexOf('}', open + 1);
            if (close < 0)
            {
                throw new FormatException($"Phrase '{Key}' ({language}) has an unclosed placeholder.");
            }

            text.Append(template, position, open - position);
            text.Append(ValueOf(template[(open + 1)..close], language, arguments));
            position = close + 1;
        }

        return text.ToString();
    }

    /// <summary>The placeholder names a template uses, for the consistency test.</summary>
    public static IReadOnlySet<string> PlaceholdersOf(string template)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var position = 0;
        while ((position = template.IndexOf('{', position)) >= 0)
        {
            var close = template.IndexOf('}', position + 1);
            if (close < 0)
            {
                break;
            }

            names.Add(template[(position + 1)..close]);
            position = close + 1;
        }

        return names;
    }

    private string ValueOf(string name, string language, ReadOnlySpan<(string Name, string Value)> arguments)
    {
        foreach (var (argumentName, value) in arguments)
        {
            if (argumentName == name)
            {
                return value;
            }
        }

        throw new FormatException($"Phrase '{Key}' ({language}) needs a value for {{{name}}}.");
    }
}
