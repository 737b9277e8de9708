/**
 * `OrderProcessingWorkflow`: task chaining. Validates an order, reserves the items,
 * charges the customer and ships, each as an activity with its stage in custom status, and
 * returns `{status: "OrderProcessed", order_id}`. An order without a customer or items
 * fails in validation, which shows a failed activity ending the workflow.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowActivityContext, WorkflowContext } from '@dapr/dapr';
import type { WorkflowInfo } from '../model/index.js';
import { activitySays, type BundledWorkflow } from './bundled-workflow.js';
import type { Pace } from './pace.js';

/** The registered name of the workflow. */
export const ORDER_PROCESSING_WORKFLOW = 'OrderProcessingWorkflow';

/** One line of an order. */
export interface OrderItem {
  readonly name: string;
  readonly quantity: number;
  readonly price: number;
}

/** The workflow's input. */
export interface OrderInput {
  readonly customer_id: string;
  readonly items: readonly OrderItem[];
  readonly shipping_address: string;
}

/** What the workflow returns. */
export interface OrderOutput {
  readonly status: 'OrderProcessed';
  readonly order_id: string;
  readonly total: number;
  readonly tracking_number: string;
}

/** Metadata for the console. */
export const orderProcessingInfo: WorkflowInfo = {
  name: ORDER_PROCESSING_WORKFLOW,
  description: 'Validates, reserves, charges and ships an order, one activity per stage.',
  exampleInput: {
    customer_id: 'customer-42',
    items: [
      { name: 'Dapr mug', quantity: 2, price: 12.5 },
      { name: 'Workflow sticker pack', quantity: 1, price: 4 },
    ],
    shipping_address: '1 Sidecar Street, Redmond',
  },
  events: [],
};

/** Seconds of simulated work per stage (real-world). */
const STAGE_SECONDS = 1.5;

/** The workflow, its activities and metadata, at the given pace. */
export function defineOrderProcessing(pace: Pace): BundledWorkflow {
  async function validate_order(ctx: WorkflowActivityContext, order: Partial<OrderInput> | null): Promise<{ order_id: string; total: number }> {
    await pace.sleep(STAGE_SECONDS);
    if (!order || typeof order.customer_id !== 'string' || order.customer_id === '') {
      throw new Error('The order has no customer_id.');
    }
    if (!Array.isArray(order.items) || order.items.length === 0) {
      throw new Error('The order has no items.');
    }
    const total = order.items.reduce((sum, item) => sum + Number(item.quantity ?? 0) * Number(item.price ?? 0), 0);
    const orderId = `order-${randomUUID().slice(0, 8)}`;
    activitySays('validate_order', ctx, `Order ${orderId} for ${order.customer_id} is valid (total ${total.toFixed(2)}).`);
    return { order_id: orderId, total };
  }

  async function reserve_inventory(ctx: WorkflowActivityContext, input: { order_id: string; items: readonly OrderItem[] }): Promise<boolean> {
    await pace.sleep(STAGE_SECONDS);
    activitySays('reserve_inventory', ctx, `Reserved ${input.items.length} item line(s) for ${input.order_id}.`);
    return true;
  }

  async function process_payment(ctx: WorkflowActivityContext, input: { order_id: string; customer_id: string; total: number }): Promise<string> {
    await pace.sleep(STAGE_SECONDS);
    const paymentId = `pay-${randomUUID().slice(0, 8)}`;
    activitySays('process_payment', ctx, `Charged ${input.customer_id} ${input.total.toFixed(2)} for ${input.order_id} (${paymentId}).`);
    return paymentId;
  }

  async function ship_order(ctx: WorkflowActivityContext, input: { order_id: string; shipping_address: string }): Promise<string> {
    await pace.sleep(STAGE_SECONDS);
    const tracking = `track-${randomUUID().slice(0, 8)}`;
    activitySays('ship_order', ctx, `Shipped ${input.order_id} to ${input.shipping_address || 'the address on file'} (${tracking}).`);
    return tracking;
  }

  async function* OrderProcessingWorkflow(ctx: WorkflowContext, order: OrderInput) {
    ctx.setCustomStatus('Validating the order');
    const { order_id, total }: { order_id: string; total: number } = yield ctx.callActivity('validate_order', order);
    ctx.setCustomStatus(`Reserving inventory for ${order_id}`);
    yield ctx.callActivity('reserve_inventory', { order_id, items: order.items });
    ctx.setCustomStatus(`Processing the payment for ${order_id}`);
    yield ctx.callActivity('process_payment', { order_id, customer_id: order.customer_id, total });
    ctx.setCustomStatus(`Shipping ${order_id}`);
    const tracking: string = yield ctx.callActivity('ship_order', { order_id, shipping_address: order.shipping_address });
    ctx.setCustomStatus(`Order ${order_id} processed`);
    const output: OrderOutput = { status: 'OrderProcessed', order_id, total, tracking_number: tracking };
    return output;
  }

  return {
    info: orderProcessingInfo,
    workflow: OrderProcessingWorkflow,
    activities: { validate_order, reserve_inventory, process_payment, ship_order },
  };
}
