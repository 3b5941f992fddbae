using System.Security.Claims;
using HelpdeskBot.Bot.Handoff;

namespace HelpdeskBot.Bot.Admin.Audit;

/// <summary>
/// The console sign-in's audit entries. The accounts live in configuration, not in the state database, so each is
/// recorded right after the sign-in decided. A failed attempt keeps only the user name that was tried, never the password.
/// </summary>
internal static class ConsoleAudit
{
    public const string TargetType = "console.account";

    public static async Task SignInAsync(AuditLog audit, HttpContext context, string? attemptedUserName, ClaimsPrincipal? principal, bool lockedOut, bool lockoutStarted)
    {
        var ip = AuditActor.ClientIpOf(context);
        if (principal is not null && AgentIdentity.From(principal) is { } agent)
        {
            var actor = AuditActor.Of(agent with { ClientIp = ip });
            await audit.RecordAsync(audit.Entry(actor, "console.signin", TargetType, agent.UserName, null,
                new { roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray() }));
            return;
        }

        var tried = string.IsNullOrWhiteSpace(attemptedUserName) ? "(none)" : attemptedUserName.Trim();
        tried = tried.Length > 64 ? tried[..64] : tried;
        var attempt = new AuditActor(tried, AuditActorKinds.Anonymous, ip);
        // The attempt that locks the account failed on its credentials; only later attempts are refused for the lockout.
        await audit.RecordAsync(audit.Entry(attempt, "console.signin", TargetType, tried, null,
            new { reason = lockedOut && !lockoutStarted ? "lockedOut" : "wrongUserNameOrPassword" }, AuditOutcome.Refused));
        if (lockoutStarted)
        {
            await audit.RecordAsync(audit.Entry(AuditActor.System with { ClientIp = ip }, "console.lockout", TargetType, tried,
                new { locked = false }, new { locked = true }));
        }
    }

    public static async Task SignOutAsync(AuditLog audit, HttpContext context)
    {
        // The sign-out form of an expired session has nobody to name; there is nothing to record then.
        if (AuditActor.OfConsoleUser(context.User, context) is { } actor)
        {
            await audit.RecordAsync(audit.Entry(actor, "console.signout", TargetType, actor.Name, null, null));
        }
    }
}
