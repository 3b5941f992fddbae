using HelpdeskBot.Bot.Cli;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Tests.Cli;

public sealed class AgentCommandTests
{
    [Fact]
    public async Task Hash_password_prints_a_hash_that_signs_the_account_in()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await AgentCommand.RunAsync(["agent", "hash-password"], new StringReader("a long enough passphrase\n"), output, error);

        Assert.Equal(0, exit);
        var hash = output.ToString().Trim();
        Assert.DoesNotContain("passphrase", hash, StringComparison.Ordinal);
        var accounts = new AgentAccounts(
            Options.Create(new AgentAccountsOptions { Accounts = [new() { UserName = "rina", PasswordHash = hash, Roles = ["agent"] }] }),
            Options.Create(new HelpdeskOptions()), TimeProvider.System, NullLogger<AgentAccounts>.Instance);
        Assert.NotNull((await accounts.SignInAsync("rina", "a long enough passphrase", "test")).Principal);
    }

    [Theory]
    [InlineData("short\n")]
    [InlineData("")]
    public async Task Short_or_missing_passwords_are_refused(string input)
    {
        var error = new StringWriter();

        var exit = await AgentCommand.RunAsync(["agent", "hash-password"], new StringReader(input), new StringWriter(), error);

        Assert.Equal(1, exit);
        Assert.StartsWith("agent hash-password:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_subcommands_print_the_usage()
    {
        var error = new StringWriter();

        Assert.Equal(2, await AgentCommand.RunAsync(["agent", "add"], new StringReader(""), new StringWriter(), error));
        Assert.Contains("hash-password", error.ToString(), StringComparison.Ordinal);
    }
}
