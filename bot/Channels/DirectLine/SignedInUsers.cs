using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HelpdeskBot.Connectors;
using Microsoft.IdentityModel.Tokens;

namespace HelpdeskBot.Bot.Channels.DirectLine;

/// <summary>
/// How a website tells the bot who its signed-in user is. The site's back end, which knows the user from its own
/// sign-in, adds <c>"signedInUser": "v1.customer.CUS-0001.1764240000.&lt;signature&gt;"</c> to its
/// <c>tokens/generate</c> (or <c>conversations</c>) request: kind, party id, expiry (Unix seconds) and an HMAC-SHA256
/// of the first four parts under <see cref="DirectLineOptions.UserSigningKey"/>, base64url. The bot checks it and puts
/// the party into the conversation token it issues, so every turn's identity comes from the token — never from message
/// text, and never from a browser that only holds the Direct Line secret or a token.
/// </summary>
public static partial class SignedInUsers
{
    private const string Version = "v1";

    /// <summary>An assertion for <paramref name="requester"/>, valid until <paramref name="expires"/> (for the website's back end, tests and the demo).</summary>
    public static string Sign(Requester requester, DateTimeOffset expires, string key)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (requester.Kind == RequesterKind.Anonymous || requester.PartyId is null)
        {
            throw new ArgumentException("Only a signed-in customer, employee or supplier can be asserted.", nameof(requester));
        }

        var payload = string.Join('.', Version, KindName(requester.Kind), requester.PartyId, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return payload + "." + Signature(payload, key);
    }

    /// <summary>The party the assertion names, or why it is refused (malformed, bad signature, expired).</summary>
    public static Requester? Verify(string assertion, string key, DateTimeOffset now, out string? error)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        error = null;
        var match = AssertionPattern().Match(assertion);
        if (!match.Success)
        {
            error = "signedInUser is not of the form v1.<customer|employee|supplier>.<id>.<expires>.<signature>.";
            return null;
        }

        var payload = assertion[..assertion.LastIndexOf('.')];
        var expected = Encoding.ASCII.GetBytes(Signature(payload, key));
        var presented = Encoding.ASCII.GetBytes(match.Groups["sig"].Value);
        if (!CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            error = "signedInUser's signature does not match DirectLine:UserSigningKey.";
            return null;
        }

        if (!long.TryParse(match.Groups["exp"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || DateTimeOffset.FromUnixTimeSeconds(Math.Min(expires, 253_402_300_799)) <= now)
        {
            error = "signedInUser has expired; sign a fresh one for each token request.";
            return null;
        }

        var id = match.Groups["id"].Value;
        return match.Groups["kind"].Value switch
        {
            "customer" => Requester.Customer(id),
            "employee" => Requester.Employee(id),
            _ => Requester.Supplier(id),
        };
    }

    /// <summary>The compact form kept in conversation tokens: <c>customer:CUS-0001</c>.</summary>
    internal static string? ToClaim(Requester requester) =>
        requester.Kind == RequesterKind.Anonymous || requester.PartyId is null ? null : KindName(requester.Kind) + ":" + requester.PartyId;

    internal static Requester FromClaim(string? claim)
    {
        if (claim?.Split(':', 2) is not [var kind, var id] || id.Length == 0)
        {
            return Requester.Anonymous;
        }

        return kind switch
        {
            "customer" => Requester.Customer(id),
            "employee" => Requester.Employee(id),
            "supplier" => Requester.Supplier(id),
            _ => Requester.Anonymous,
        };
    }

    private static string KindName(RequesterKind kind) => kind switch
    {
        RequesterKind.Customer => "customer",
        RequesterKind.Employee => "employee",
        RequesterKind.Supplier => "supplier",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Anonymous visitors have no assertion."),
    };

    private static string Signature(string payload, string key) =>
        Base64UrlEncoder.Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(payload)));

    [GeneratedRegex(@"^v1\.(?<kind>customer|employee|supplier)\.(?<id>[A-Za-z0-9_\-]{1,64})\.(?<exp>[0-9]{1,12})\.(?<sig>[A-Za-z0-9_\-]{43})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex AssertionPattern();
}
