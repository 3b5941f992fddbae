using HelpdeskBot.Bot.Admin;
using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Admin.Console;
using HelpdeskBot.Bot.Admin.Inbox;
using HelpdeskBot.Bot.Analytics;
using HelpdeskBot.Bot.Channels.BotFramework;
using HelpdeskBot.Bot.Channels.BotFramework.Outbox;
using HelpdeskBot.Bot.Cli;
using HelpdeskBot.Bot.Conversations.Streaming;
using HelpdeskBot.Bot.Database;
using HelpdeskBot.Bot.ConsoleSignIn;
using HelpdeskBot.Bot.Channels.DirectLine;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Hosting;
using HelpdeskBot.Bot.Notifications;
using HelpdeskBot.Bot.Operations;
using HelpdeskBot.Bot.Privacy;
using HelpdeskBot.Bot.Scaling;
using HelpdeskBot.Bot.WebSecurity;
using HelpdeskBot.Classifier;
using HelpdeskBot.Connectors;
using HelpdeskBot.Knowledge;
using HelpdeskBot.Skills;

if (NluCommand.IsInvocation(args))
{
    return await NluCommand.RunAsync(args, Console.In, Console.Out, Console.Error);
}

if (AgentCommand.IsInvocation(args))
{
    return await AgentCommand.RunAsync(args, Console.In, Console.Out, Console.Error);
}

if (TeamsCommand.IsInvocation(args))
{
    return await TeamsCommand.RunAsync(args, Console.Out, Console.Error);
}

if (KnowledgeCommand.IsInvocation(args))
{
    return await KnowledgeCommand.RunAsync(args, Console.Out, Console.Error, errorIsTerminal: !Console.IsErrorRedirected);
}

if (DatabaseCommand.IsInvocation(args))
{
    return await DatabaseCommand.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddHelpdeskHost();
builder.AddInboundJsonLimits();
builder.AddDatabase();
builder.AddClassifier();
builder.AddConnectors();
builder.AddKnowledge();
builder.AddSkills();
builder.AddConversations();
builder.AddReplyStreaming();
builder.AddDirectLine();
builder.AddBotFramework();
builder.AddConnectorOutbox();
builder.AddAdminApi();
builder.AddHandoff();
builder.AddConsoleSignIn();
builder.AddNotifications();
builder.AddAuditLog();
builder.AddAnalytics();
builder.AddInbox();
builder.AddOperations();
builder.AddSeveralInstances();
builder.AddKnowledgeNotices();
builder.AddPersonalDataProtection();
builder.AddRetentionAndErasure();
builder.AddWebSecurity();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWebSecurity();
app.UseWebSockets();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();

app.MapDirectLineEndpoints();
app.MapBotFrameworkEndpoints();
app.MapDemoEndpoints();
app.MapKnowledgeAdminEndpoints();
app.MapAgentConsole();
app.MapConsoleSignIn();
app.MapAuditEndpoints();
app.MapAnalyticsEndpoints();
app.MapAdminConsole();
app.MapInboxEndpoints();
app.MapOperationsEndpoints();
app.MapPrivacyEndpoints();

app.AnnounceUrlsOnStart();
await app.RunAsync();
return 0;

/// <summary>The host's entry point, public so tests can start it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
