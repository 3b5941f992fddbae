using System.Text;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>
/// A name or other data put into a reply that the channel renders as Markdown (Web Chat, Teams): its markup characters
/// become character references, so "Agent &lt;img onerror=…&gt;" or "[x](javascript:…)" is shown as typed instead of being
/// parsed as HTML or a link and then stripped by the client's sanitiser. Markdown treats character references as
/// literal text, never as structure, and both clients decode them.
/// </summary>
public static class MarkdownText
{
    public static string Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny("&<>[]") < 0)
        {
            return text;
        }
        var literal = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            literal.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '[' => "&#91;",
                ']' => "&#93;",
                _ => null,
            } ?? c.ToString());
        }
        return literal.ToString();
    }
}
