using System.Text.RegularExpressions;

namespace HelpdeskBot.Skills.Handoff;

/// <summary>
/// Recognises a user losing patience with the bot, in English and Indonesian ("this is useless", "you're not helping",
/// "gak membantu sama sekali", "bot bodoh"). Expressions aimed at the bot or the conversation, not a product complaint:
/// "the laptop is useless" is an IT problem for a skill; "this bot is useless" is a reason to fetch a person.
/// </summary>
public static partial class Frustration
{
    /// <summary>True when <paramref name="text"/> says the bot is not helping.</summary>
    public static bool IsExpressedIn(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 300)
        {
            // Long messages are descriptions; a frustrated aside inside one is for the agent who reads it later, not a trigger.
            return false;
        }

        var normalized = Normalize(text);
        return English().IsMatch(normalized) || Indonesian().IsMatch(normalized);
    }

    private static string Normalize(string text)
    {
        var lower = text.ToLowerInvariant().Replace('’', '\'');
        return Spaces().Replace(Punctuation().Replace(lower, " "), " ").Trim();
    }

    // About the bot or this chat: "you", "this", "bot", "chatbot", "this chat", "this thing", or no object at all ("useless!").
    [GeneratedRegex(
        @"^(?:(?:this|it|you|u|ur|your|the)\s+(?:bot\s+|chatbot\s+|chat\s+|thing\s+|assistant\s+)?(?:is|are|'re|re|'s|s)?\s*)?(?:so\s+|really\s+|totally\s+|completely\s+|absolutely\s+)?(?:useless|pointless|stupid|dumb|hopeless|ridiculous|terrible|rubbish|garbage|a joke|a waste of time)(?:\s+bot)?$" +
        @"|\b(?:you(?:'re|\s+are|re)?|u|this(?:\s+bot|\s+chat)?|it)\s+(?:is\s+|are\s+|'s\s+)?(?:not|n't|isn't|aren't)\s+(?:helping|helpful|understanding me)\b" +
        @"|\byou\s+(?:don't|dont|do\s+not|never)\s+(?:understand|get it|listen|help)\b" +
        @"|\b(?:useless|stupid|dumb|pointless)\s+(?:bot|chatbot|machine|assistant)\b" +
        @"|\b(?:waste|wasting)\s+(?:of\s+)?my\s+time\b" +
        @"|\bi(?:'m|\s+am|m)\s+(?:so\s+|really\s+|getting\s+)?(?:frustrated|fed up|annoyed|sick of this|tired of this)\b" +
        @"|\b(?:this\s+is|that's|thats)\s+(?:so\s+)?(?:frustrating|annoying|ridiculous|unacceptable)\b" +
        @"|\bnot\s+helpful\s+at\s+all\b|\bno\s+help\s+at\s+all\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex English();

    [GeneratedRegex(
        @"\b(?:tidak|tak|gak|ga|gk|nggak|ngga|enggak|engga|ndak)\s+(?:membantu|bantu|ngebantu|berguna|guna|ngerti|mengerti|paham|nyambung)(?:\s+(?:sama\s+sekali|blas|babar\s+blas))?\s*(?:deh|sih|nih|ya|banget)?$" +
        @"|\b(?:bot|kamu|lu|lo|elu|anda)\s+(?:ini\s+)?(?:bodoh|bego|goblok|tolol|payah|lemot|gak\s+guna|ga\s+guna|nggak\s+guna|tidak\s+berguna|ga\s+ngerti|gak\s+ngerti|nggak\s+ngerti|tidak\s+mengerti)\b" +
        @"|\b(?:bodoh|bego|goblok|tolol|payah)\s+(?:banget|sekali|amat)\b" +
        @"|\b(?:buang[\s-]+buang|buang)\s+waktu\b" +
        @"|\bsaya\s+(?:sangat\s+|udah\s+|sudah\s+)?(?:kesal|kecewa|frustrasi|capek|muak)\b|\b(?:kesel|kesal|kecewa)\s+(?:banget|sekali|berat)\b" +
        @"|\bmenyebalkan\b|\bnyebelin\b|\bpercuma\b" +
        @"|^(?:ga|gak|nggak|tidak)\s+guna$|^(?:payah|parah|bodoh|goblok)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Indonesian();

    [GeneratedRegex(@"[!?.,;:()\[\]""…]+", RegexOptions.CultureInvariant)]
    private static partial Regex Punctuation();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
