using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HelpdeskBot.Skills.Tests;

public sealed class ExtensionsTests
{
    [Fact]
    public void AddSkills_registers_the_engine_per_scope_and_no_intent_has_two_skills()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        builder.AddSkills();

        var engine = Assert.Single(builder.Services, d => d.ServiceType == typeof(IConversationEngine));
        Assert.Equal(ServiceLifetime.Scoped, engine.Lifetime);
        var intents = new TestConversation().Skills().SelectMany(skill => skill.Intents).ToList();
        Assert.Equal(intents.Count, intents.Distinct().Count());
        Assert.Equal(
            [
                "agent.handoff", "bot.help", "hr.leave_balance", "hr.leave_request", "hr.payslip", "invoice.copy", "invoice.status", "it.password_reset",
                "it.software_request", "it.ticket_create", "it.ticket_status", "kb.policy", "order.cancel", "order.return", "order.status",
                "smalltalk.goodbye", "smalltalk.greeting", "smalltalk.thanks",
            ],
            intents.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddSkills_leaves_the_hosts_classifier_and_connectors_to_the_host()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        builder.AddSkills();

        Assert.DoesNotContain(builder.Services, d => d.ServiceType == typeof(IIntentClassifier));
        Assert.DoesNotContain(builder.Services, d => d.ServiceType.Namespace?.StartsWith("HelpdeskBot.Connectors", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void AddSkills_keeps_a_clock_the_host_registered()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var clock = new ManualTimeProvider(TestConversation.Start);
        builder.Services.AddSingleton<TimeProvider>(clock);

        builder.AddSkills();

        using var provider = builder.Services.BuildServiceProvider();
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task Every_skill_intent_is_routed_to_exactly_one_skill()
    {
        var conversation = new TestConversation();

        foreach (var intent in new[] { IntentNames.OrderStatus, IntentNames.SmalltalkGreeting, IntentNames.BotHelp })
        {
            conversation.Classifier.Returns($"utterance for {intent}", new IntentPrediction(intent, 0.99f, false, []));
            conversation.State = ConversationState.New;

            var result = await conversation.SayAsync($"utterance for {intent}");

            Assert.Equal(intent, result.Intent);
            Assert.DoesNotContain("can't help with that", result.Text(), StringComparison.Ordinal);
        }
    }
}
