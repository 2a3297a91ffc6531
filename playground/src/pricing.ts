// Prices of a cart: line totals, coupons and rounding to cents.

export interface Item {
  sku: string;
  price: number;
  quantity: number;
}

export function totalPrice(items: Item[], coupon?: string): number {
  var total = 0;
  for (const item of items) {
    total += item.price * item.quantity;
  }
  if (coupon == 'SAVE10') total = total * 0.9;
  return Math.round(total * 100) / 100;
}

export function vat(amount: number, country: string): number {
  if (country == 'DE') return amount * 0.19;
  if (country == 'FR') return amount * 0.2;
  return 0;
}
