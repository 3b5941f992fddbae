using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HelpdeskBot.LoadTest;

/// <summary>One message of a script and what its replies must say (every fragment, case-insensitive).</summary>
public sealed record ScriptStep(string Text, params string[] Expect);

/// <summary>
/// Who a simulated user is and what they do in one conversation: a signed-in customer or a visitor who proves the order
/// is theirs asks for an order's status, a policy question, asks for a person and then stops waiting (so the queue does
/// not grow); an employee asks for their leave balance and starts a leave request they decline at the confirmation (so
/// the back office does not fill with requests). A simulated user runs its script in a new conversation each time, as
/// visitors come and go, until the run ends.
/// </summary>
public sealed record Dialogue(string Name, string Kind, string? PartyId, string Locale, IReadOnlyList<ScriptStep> Steps)
{
    /// <summary>
    /// One more question after the script, asked in the fault run by conversations that were open when the host was
    /// killed: one of the script's own steps whose answer does not depend on where the script left off.
    /// </summary>
    public ScriptStep Probe => Kind == "employee" ? Steps[0] : Steps.First(s => s.Text.StartsWith("how many days", StringComparison.Ordinal));

    public static IReadOnlyList<Dialogue> All { get; } =
    [
        new("signed-in customer", "customer", "CUS-0001", "en-US",
        [
            new("where is my order ORD-100123", "ORD-100123", "on its way"),
            new("how many days do I have to return an item", "Returns and refunds"),
            new("talk to a person", "queue"),
            new("stop waiting", "left the queue"),
        ]),
        new("visitor", "anonymous", null, "en-US",
        [
            new("where is my order ORD-100124", "e-mail"),
            new("budi.santoso@example.com", "ORD-100124", "delivered"),
            new("how many days do I have to return an item", "Returns and refunds"),
            new("talk to a person", "queue"),
            new("stop waiting", "left the queue"),
        ]),
        new("employee", "employee", "EMP-0007", "en-US",
        [
            new("how many leave days do I have left?", "days"),
            new("I want to take annual leave from 14 December to 16 December", "3 working days"),
            new("no", "haven't submitted"),
            new("talk to a person", "queue"),
            new("stop waiting", "left the queue"),
        ]),
    ];

    /// <summary>The website back end's signed assertion for this user (<c>v1.kind.id.expires.signature</c>), or null for a visitor.</summary>
    public string? SignedInUser(string signingKey, DateTimeOffset now)
    {
        if (PartyId is null)
        {
            return null;
        }
        var payload = string.Join('.', "v1", Kind, PartyId, now.AddMinutes(10).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.UTF8.GetBytes(payload)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return payload + "." + signature;
    }
}
