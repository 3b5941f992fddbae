using System.Security.Claims;
using HelpdeskBot.Skills.Handoff;

namespace HelpdeskBot.Bot.Handoff;

/// <summary>The roles of the console sign-in.</summary>
internal static class AgentRoles
{
    public const string Agent = "agent";
    public const string Admin = "admin";

    /// <summary>The claim that lists the queues an agent serves (one claim a queue).</summary>
    public const string QueueClaim = "helpdesk:queue";

    /// <summary>The authorization policy of the console, its hub and API: role agent or admin.</summary>
    public const string ConsolePolicy = "AgentConsole";
}

/// <summary>A signed-in agent as the console knows them: who, shown as whom, which queues.</summary>
internal sealed record AgentIdentity(string UserName, string DisplayName, IReadOnlySet<string> Queues, bool IsAdmin)
{
    /// <summary>Admins, and agents configured with no queues, serve every queue.</summary>
    public bool Serves(string queue) => IsAdmin || Queues.Count == 0 || Queues.Contains(queue);

    /// <summary>Where the agent's console connects from, for the audit log; null when not known.</summary>
    public string? ClientIp { get; init; }

    public IReadOnlyList<string> ServedQueues => [.. HandoffQueues.All.Where(Serves)];

    public static AgentIdentity? From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } userName)
        {
            return null;
        }

        var isAdmin = user.IsInRole(AgentRoles.Admin);
        if (!isAdmin && !user.IsInRole(AgentRoles.Agent))
        {
            return null;
        }

        var queues = user.FindAll(AgentRoles.QueueClaim).Select(c => HandoffQueues.Normalize(c.Value)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new AgentIdentity(userName, user.FindFirstValue(ClaimTypes.Name) ?? userName, queues, isAdmin);
    }
}
