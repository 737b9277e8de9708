/**
 * `AutomatedMarketingCampaignWorkflow`: a long-running workflow, made to be terminated. It
 * sends a round of messages to each channel, sleeps on a durable timer, and repeats for
 * many rounds (about 20 minutes at real-world pace), with the round in custom status.
 */
import type { WorkflowActivityContext, WorkflowContext } from '@dapr/dapr';
import type { WorkflowInfo } from '../model/index.js';
import { activitySays, type BundledWorkflow } from './bundled-workflow.js';
import type { Pace } from './pace.js';

/** The registered name of the workflow. */
export const AUTOMATED_MARKETING_CAMPAIGN_WORKFLOW = 'AutomatedMarketingCampaignWorkflow';
/** Rounds in a campaign, and the pause between rounds (real-world seconds). */
export const CAMPAIGN_ROUNDS = 100;
export const CAMPAIGN_ROUND_INTERVAL_SECONDS = 10;

/** The workflow's input. */
export interface CampaignInput {
  readonly campaign_id: string;
  readonly channels?: readonly string[];
  readonly audience_size?: number;
}

/** Metadata for the console. */
export const automatedMarketingCampaignInfo: WorkflowInfo = {
  name: AUTOMATED_MARKETING_CAMPAIGN_WORKFLOW,
  description: `A long campaign (${CAMPAIGN_ROUNDS} rounds, one every ${CAMPAIGN_ROUND_INTERVAL_SECONDS} s): terminate it.`,
  exampleInput: { campaign_id: 'summer-sale', channels: ['email', 'sms', 'push'], audience_size: 5000 },
  events: [],
};

/** The workflow, its activities and metadata, at the given pace. */
export function defineAutomatedMarketingCampaign(pace: Pace): BundledWorkflow {
  async function send_campaign_round(
    ctx: WorkflowActivityContext,
    input: { campaign_id: string; round: number; channels: readonly string[]; audience_size: number },
  ): Promise<number> {
    await pace.sleep(1);
    const sent = input.channels.length * Math.ceil(input.audience_size / 10);
    activitySays('send_campaign_round', ctx, `${input.campaign_id} round ${input.round}: ${sent} messages via ${input.channels.join(', ')}.`);
    return sent;
  }

  async function* AutomatedMarketingCampaignWorkflow(ctx: WorkflowContext, input: CampaignInput) {
    const campaignId = String(input?.campaign_id ?? 'campaign');
    const channels = Array.isArray(input?.channels) && input.channels.length > 0 ? input.channels.map(String) : ['email'];
    const audienceSize = Number.isFinite(input?.audience_size) ? Number(input.audience_size) : 1000;
    let messagesSent = 0;
    for (let round = 1; round <= CAMPAIGN_ROUNDS; round++) {
      ctx.setCustomStatus(`Round ${round} of ${CAMPAIGN_ROUNDS}: sending (${messagesSent} messages so far)`);
      const sent: number = yield ctx.callActivity('send_campaign_round', { campaign_id: campaignId, round, channels, audience_size: audienceSize });
      messagesSent += sent;
      ctx.setCustomStatus(`Round ${round} of ${CAMPAIGN_ROUNDS} sent (${messagesSent} messages so far); next round in ${CAMPAIGN_ROUND_INTERVAL_SECONDS} s`);
      yield ctx.createTimer(pace.seconds(CAMPAIGN_ROUND_INTERVAL_SECONDS));
    }
    ctx.setCustomStatus('Campaign finished');
    return { status: 'CampaignFinished', campaign_id: campaignId, rounds: CAMPAIGN_ROUNDS, messages_sent: messagesSent };
  }

  return {
    info: automatedMarketingCampaignInfo,
    workflow: AutomatedMarketingCampaignWorkflow,
    activities: { send_campaign_round },
  };
}
