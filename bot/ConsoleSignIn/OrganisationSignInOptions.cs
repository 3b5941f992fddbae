using System.Net;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Skills.Handoff;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.ConsoleSignIn;

/// <summary>
/// Sign-in to the agent and admin console with the organisation's directory (OpenID Connect, e.g. Microsoft Entra ID),
/// section <c>Agents:OpenIdConnect</c>. Off unless <see cref="Authority"/> or <see cref="ClientId"/> is set; then all three
/// of Authority, ClientId and ClientSecret are required. The directory decides who may sign in through app roles: the
/// values of <see cref="RoleClaim"/> are mapped to the console's roles by <see cref="Roles"/> (and to queues by
/// <see cref="Queues"/>); a directory user with neither console role is refused.
/// </summary>
public sealed class OrganisationSignInOptions
{
    public const string SectionName = "Agents:OpenIdConnect";

    /// <summary>The issuer, e.g. <c>https://login.microsoftonline.com/{tenant-id}/v2.0</c>. HTTPS, except on loopback (tests).</summary>
    public string? Authority { get; set; }

    /// <summary>The application (client) id of the app registration.</summary>
    public string? ClientId { get; set; }

    /// <summary>The app registration's client secret: from user secrets or the environment, never from appsettings.json.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Where the directory sends the browser back; register it as the app's redirect URI (<c>https://host/agent/signin-oidc</c>).</summary>
    public string CallbackPath { get; set; } = "/agent/signin-oidc";

    /// <summary>The id_token claim that carries the app roles; Entra ID puts them in <c>roles</c>.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>
    /// Directory role value → console role (<c>admin</c> or <c>agent</c>), e.g. <c>"Helpdesk.Admin": "admin"</c>.
    /// Empty: the values <c>admin</c> and <c>agent</c> map to themselves.
    /// </summary>
    public Dictionary<string, string> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Directory role value → a queue the agent serves, e.g. <c>"Helpdesk.Queue.IT": "IT"</c>. A user with none of these
    /// serves every queue, like a configured account without queues.
    /// </summary>
    public Dictionary<string, string> Queues { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The console roles a set of directory role values grants.</summary>
    public IReadOnlyList<string> ConsoleRolesFor(IEnumerable<string> directoryValues)
    {
        var map = Roles.Count > 0
            ? Roles
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [AgentRoles.Admin] = AgentRoles.Admin, [AgentRoles.Agent] = AgentRoles.Agent };
        return [.. directoryValues.Select(v => map.GetValueOrDefault(v)).OfType<string>().Select(r => r.ToLowerInvariant()).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The queues a set of directory role values names; empty for all queues.</summary>
    public IReadOnlyList<string> QueuesFor(IEnumerable<string> directoryValues) =>
        [.. directoryValues.Select(v => Queues.GetValueOrDefault(v)).Select(HandoffQueues.Normalize).OfType<string>().Distinct(StringComparer.Ordinal)];
}

/// <summary>Checks the section at start, so a half-done configuration stops the host with a message instead of a broken button.</summary>
internal sealed class OrganisationSignInOptionsValidator : IValidateOptions<OrganisationSignInOptions>
{
    public ValidateOptionsResult Validate(string? name, OrganisationSignInOptions options)
    {
        if (!options.IsEnabled)
        {
            return ValidateOptionsResult.Success;
        }

        const string at = OrganisationSignInOptions.SectionName;
        var errors = new List<string>();
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority))
        {
            errors.Add($"{at}:Authority is required once organisation sign-in is configured: the issuer URL, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0.");
        }
        else if (authority.Scheme != Uri.UriSchemeHttps && !(authority.Scheme == Uri.UriSchemeHttp && IsLoopback(authority)))
        {
            errors.Add($"{at}:Authority must be an https:// URL (plain http only on loopback, for tests).");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            errors.Add($"{at}:ClientId is required: the application (client) id of the app registration.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            errors.Add($"{at}:ClientSecret is required: set it with user secrets or the environment variable Agents__OpenIdConnect__ClientSecret, not in appsettings.json.");
        }

        if (!options.CallbackPath.StartsWith('/') || options.CallbackPath.StartsWith("//", StringComparison.Ordinal))
        {
            errors.Add($"{at}:CallbackPath must be a path on this site starting with '/', e.g. /agent/signin-oidc.");
        }

        if (string.IsNullOrWhiteSpace(options.RoleClaim))
        {
            errors.Add($"{at}:RoleClaim must name the claim with the app roles (Entra ID: roles).");
        }

        errors.AddRange(options.Roles
            .Where(r => !string.Equals(r.Value, AgentRoles.Admin, StringComparison.OrdinalIgnoreCase) && !string.Equals(r.Value, AgentRoles.Agent, StringComparison.OrdinalIgnoreCase))
            .Select(r => $"{at}:Roles:{r.Key} is '{r.Value}'; map directory roles to '{AgentRoles.Admin}' or '{AgentRoles.Agent}'."));
        errors.AddRange(options.Queues
            .Where(q => HandoffQueues.Normalize(q.Value) is null)
            .Select(q => $"{at}:Queues:{q.Key}: '{q.Value}' is not a queue ({string.Join(", ", HandoffQueues.All)})."));

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
